package org.miniray.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.curator.test.TestingServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.miniray.api.Ray;
import org.miniray.common.Clock;
import org.miniray.gcs.JobEntry;
import org.miniray.gcs.JobState;
import org.miniray.gcs.zookeeper.ZooKeeperGcs;
import org.miniray.id.JobId;
import org.miniray.id.NodeId;

/**
 * A driver's job in the GCS job table: an embedded driver takes its number from the table when
 * Ray.init() starts it, marks it finished on Ray.shutdown(), and a driver whose node is declared
 * dead leaves its job failed.
 */
class DriverJobTest {
  static int square(int x) {
    return x * x;
  }

  @Test
  @Timeout(120)
  void driversSharingAGcsTakeConsecutiveJobsAndFinishThemOnShutdown() throws Exception {
    try (TestingServer zk = new TestingServer(true)) {
      Map<String, String> config = Map.of("miniray.gcs", "zookeeper", "miniray.gcs.zookeeper.connect",
          zk.getConnectString(), "miniray.gcs.zookeeper.cluster", "driver-jobs");
      for (int run = 1; run <= 2; run++) {
        Ray.init(config);
        try {
          MinirayRuntime rt = (MinirayRuntime) Ray.internal();
          assertThat(rt.deployment().job()).as("the job of driver %d on this GCS", run).isEqualTo(new JobId(run));
          assertThat(Ray.task(DriverJobTest::square, 7).remote().get()).isEqualTo(49);
        } finally {
          Ray.shutdown();
        }
      }
      try (ZooKeeperGcs reader = new ZooKeeperGcs(zk.getConnectString(), 4, Clock.SYSTEM,
          ZooKeeperGcs.Options.defaults().withCluster("driver-jobs"))) {
        List<JobEntry> jobs = reader.jobTable().all().get();
        assertThat(jobs).extracting(JobEntry::id).containsExactly(new JobId(1), new JobId(2));
        for (JobEntry j : jobs) {
          assertThat(j.state()).as("job %s after its driver's Ray.shutdown()", j.id()).isEqualTo(JobState.FINISHED);
          assertThat(j.info().driver()).isEqualTo(new NodeId("node-0"));
          assertThat(j.info().pid()).isEqualTo(ProcessHandle.current().pid());
          assertThat(j.endMillis()).as("end of job %s", j.id()).isGreaterThanOrEqualTo(j.info().startMillis());
        }
        assertThat(jobs.get(1).info().startMillis()).as("the second driver started after the first ended")
            .isGreaterThanOrEqualTo(jobs.get(0).endMillis());
      }
    }
  }

  @Test
  @Timeout(60)
  void aJobWhoseDriverNodeIsDeclaredDeadFails() {
    Ray.init(Map.of("miniray.nodes", "2", "miniray.heartbeat.timeout.ms", "400"));
    try {
      EmbeddedCluster cluster = ((MinirayRuntime) Ray.internal()).cluster();
      JobId job = cluster.job();
      assertThat(cluster.gcs().jobTable().lookup(job).join().orElseThrow().state()).isEqualTo(JobState.RUNNING);

      cluster.faults().kill(0); // the driver's node

      JobEntry failed = Awaitility.await().atMost(Duration.ofSeconds(20))
          .until(() -> cluster.gcs().jobTable().lookup(job).join().orElseThrow(), j -> j.state().isEnded());
      assertThat(failed.state()).as("the job of a driver whose node the monitor declared dead")
          .isEqualTo(JobState.FAILED);
      assertThat(failed.endMillis()).isGreaterThanOrEqualTo(failed.info().startMillis());
    } finally {
      Ray.shutdown();
    }
  }
}
