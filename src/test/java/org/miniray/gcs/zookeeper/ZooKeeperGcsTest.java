package org.miniray.gcs.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.miniray.common.Clock;
import org.miniray.config.ConfigException;
import org.miniray.config.MinirayConfig;
import java.util.stream.IntStream;
import org.miniray.gcs.Gcs;
import org.miniray.gcs.JobEntry;
import org.miniray.gcs.JobState;
import org.miniray.gcs.selector.GlobalControlStores;
import org.miniray.id.JobId;
import org.miniray.id.TaskId;
import org.miniray.gcs.GcsContractTest;
import org.miniray.task.ResourceSet;
import org.miniray.task.TaskArg;
import org.miniray.task.TaskSpec;
import org.miniray.task.TaskStatus;

/** The GCS contract on one embedded ZooKeeper server; each test gets a cluster name of its own. */
class ZooKeeperGcsTest extends ZooKeeperContractTest {
  @Override
  protected boolean addsARowAtItsStatusInOneWrite() {
    return true;
  }

  @Override
  protected String clusterPrefix() {
    return "contract-";
  }

  @Override
  protected Gcs createGcs(String connect, ZooKeeperGcs.Options options) {
    return new ZooKeeperGcs(connect, 4, Clock.SYSTEM, options);
  }

  private ZooKeeperGcs open(ZooKeeperGcs.Options options) {
    return new ZooKeeperGcs(connectString(), 4, Clock.SYSTEM, options);
  }

  @Test
  void functionCodeOverTheZnodeLimitIsChunked() {
    byte[] code = new byte[3 * 1024 * 1024];
    new Random(7).nextBytes(code);
    done(gcs.functionTable().put(JOB, "big/Model.class", code));

    assertThat(done(gcs.functionTable().get(JOB, "big/Model.class"))).as("3 MB of code, read back")
        .hasValueSatisfying(b -> assertThat(b).isEqualTo(code));
  }

  @Test
  void checkpointOverTheZnodeLimitIsChunked() {
    byte[] checkpoint = new byte[3 * 1024 * 1024];
    new Random(11).nextBytes(checkpoint);
    done(gcs.checkpointTable().saveCheckpoint(JOB, actor(1), checkpoint));

    assertThat(done(gcs.checkpointTable().latestCheckpoint(JOB, actor(1)))).as("a 3 MB checkpoint, read back")
        .hasValueSatisfying(b -> assertThat(b).isEqualTo(checkpoint));
  }

  @Test
  void aRowTooLargeForOneZooKeeperRequestIsRefusedAtOnceAndStallsNoOtherWrite() {
    // A task row carrying 2 MB by value (the runtime passes such values by reference; a row
    // written by other means must still not stall the writer, as it once did for 60 s).
    TaskSpec small = spec(task(1), 0);
    TaskSpec huge = new TaskSpec(task(2), JOB, small.parentTaskId(), small.kind(), small.function(),
        List.of(new TaskArg.ByValue((byte) 0, new byte[2_000_000])), small.resources(), null, small.ownerNode(), null,
        null, 0, 0, 0);
    long start = System.nanoTime();
    var refused = gcs.taskTable().add(huge);
    var after = gcs.taskTable().add(small);

    assertThatThrownBy(() -> done(refused)).hasRootCauseInstanceOf(IllegalArgumentException.class)
        .hasStackTraceContaining("cannot log a AddTask entry of")
        .hasStackTraceContaining("pass large values by reference");
    done(after);
    assertThat(done(gcs.taskTable().lookup(task(1)))).as("the row written after the refused one").isPresent();
    assertThat(done(gcs.taskTable().lookup(task(2)))).as("the refused row").isEmpty();
    assertThat(System.nanoTime() - start).as("nanoseconds until the next write was durable")
        .isLessThan(10_000_000_000L);
  }

  @Test
  void entriesThatFillABatchTogetherAreSplitOverTransactions() {
    // Each row alone fits; several together are over ZooKeeper's request limit, so they must be
    // written in more than one transaction rather than refused by ZooKeeper as one.
    List<java.util.concurrent.CompletableFuture<Void>> writes = new java.util.ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      TaskSpec s = spec(task(i), 0);
      writes.add(gcs.taskTable().add(new TaskSpec(s.taskId(), JOB, s.parentTaskId(), s.kind(), s.function(),
          List.of(new TaskArg.ByValue((byte) 0, new byte[400_000])), s.resources(), null, s.ownerNode(), null, null, 0, 0,
          0)));
    }
    writes.forEach(GcsContractTest::done);
    for (int i = 1; i <= 6; i++) {
      assertThat(done(gcs.taskTable().lookup(task(i)))).as("row %d of 400 kB", i).isPresent();
    }
  }

  @Test
  void anotherClientSeesEveryRowAfterCompaction() {
    ZooKeeperGcs.Options options = ZooKeeperGcs.Options.defaults().withCluster(freshCluster("compaction-"))
        .withCompactionSegments(5);
    try (ZooKeeperGcs first = open(options)) {
      for (int i = 1; i <= 60; i++) {
        done(first.taskTable().add(spec(task(i), 3))); // one at a time: one segment each
      }
      done(first.taskTable().updateStatus(task(1), TaskStatus.RUNNING, node(1)));
      assertThat(done(first.taskTable().retry(task(2), 3))).isTrue();
      assertThat(done(first.taskTable().retry(task(2), 3))).isTrue();
      done(first.nodeTable().register(nodeInfo(0)));
      done(first.checkpointTable().saveCheckpoint(JOB, actor(1), new byte[] {7}));
      done(first.checkpointTable().logCall(JOB, actor(1), 0, task(2)));
      for (int i = 61; i <= 80; i++) {
        done(first.taskTable().add(spec(task(i), 3))); // compact again, after the checkpoint rows
      }
      try (ZooKeeperGcs second = open(options)) {
        for (int i = 1; i <= 60; i++) {
          assertThat(done(second.taskTable().lookup(task(i)))).as("task %d, read by a client that started after compaction", i)
              .isPresent();
        }
        assertThat(done(second.taskTable().lookup(task(1))).orElseThrow().attempt()).isEqualTo(1);
        assertThat(done(second.taskTable().lookup(task(2))).orElseThrow().retries())
            .as("retries spent before the snapshot, read from it").isEqualTo(2);
        assertThat(done(second.nodeTable().all())).hasSize(1);
        assertThat(done(second.checkpointTable().latestCheckpoint(JOB, actor(1))))
            .hasValueSatisfying(b -> assertThat(b).containsExactly(7));
        assertThat(done(second.checkpointTable().loggedCall(JOB, actor(1), 0))).contains(task(2));
      }
    }
  }

  @Test
  void jobCounterSurvivesARestartByReplayAndBySnapshot() throws Exception {
    for (boolean compact : new boolean[] {false, true}) {
      ZooKeeperGcs.Options options = ZooKeeperGcs.Options.defaults().withCluster(freshCluster("jobs-"))
          .withCompactionSegments(compact ? 3 : 0);
      String global = "/miniray/" + options.cluster() + "/logs/global";
      try (ZooKeeperGcs first = open(options)) {
        for (int i = 0; i < 6; i++) {
          done(first.jobTable().add(jobInfo(i, "a.Main"))); // one at a time: one segment each
        }
        done(first.jobTable().end(new JobId(2), JobState.FINISHED, 2_000));
        if (compact) {
          eventually().until(() -> first.client().getData().forPath(global).length > 0);
        }
      }
      try (ZooKeeperGcs restarted = open(options)) {
        assertThat(done(restarted.jobTable().all())).as("jobs read back by a new client, compacted=%s", compact)
            .extracting(JobEntry::id).containsExactlyElementsOf(IntStream.rangeClosed(1, 6).mapToObj(JobId::new).toList());
        assertThat(done(restarted.jobTable().lookup(new JobId(2))).orElseThrow().state()).isEqualTo(JobState.FINISHED);
        assertThat(done(restarted.jobTable().add(jobInfo(9, "b.Main")))).as("the next job after a restart, compacted=%s",
            compact).isEqualTo(new JobId(7));
        assertThat(done(restarted.jobTable().add(jobInfo(3, "a.Main")))).as("a driver registered before the restart")
            .isEqualTo(new JobId(4));
      }
    }
  }

  @Test
  void finishedJobsRowsAreDroppedWhenRetentionSaysSo() {
    JobId other = new JobId(2);
    TaskSpec otherTask = new TaskSpec(TaskId.forChild(TaskId.forDriver(other), 1), other, TaskId.forDriver(other),
        spec(task(1), 0).kind(), spec(task(1), 0).function(), List.of(), ResourceSet.of("CPU", 1), null, node(0),
        null, null, 0, 0, 0);
    for (boolean drop : new boolean[] {false, true}) {
      ZooKeeperGcs.Options options = ZooKeeperGcs.Options.defaults().withCluster(freshCluster("retention-"))
          .withDropFinishedJobs(drop);
      try (ZooKeeperGcs g = open(options)) {
        done(g.taskTable().add(spec(task(1), 3)));
        done(g.taskTable().add(otherTask));
        done(g.functionTable().put(JOB, "a/B.class", new byte[] {1}));
        done(g.checkpointTable().saveCheckpoint(JOB, actor(1), new byte[] {1}));
        done(g.checkpointTable().logCall(JOB, actor(1), 0, task(1)));
        done(g.checkpointTable().logCall(other, actor(2), 0, otherTask.taskId()));

        done(g.jobFinished(JOB));

        assertThat(done(g.taskTable().lookup(task(1))).isPresent()).as("finished job's task kept, drop=%s", drop)
            .isEqualTo(!drop);
        assertThat(done(g.functionTable().get(JOB, "a/B.class")).isPresent()).isEqualTo(!drop);
        assertThat(done(g.checkpointTable().latestCheckpoint(JOB, actor(1))).isPresent()).as("checkpoint, drop=%s", drop)
            .isEqualTo(!drop);
        assertThat(done(g.checkpointTable().loggedCall(JOB, actor(1), 0)).isPresent()).as("call log, drop=%s", drop)
            .isEqualTo(!drop);
        assertThat(done(g.checkpointTable().loggedCall(other, actor(2), 0))).as("a running job's call log").isPresent();
        assertThat(done(g.taskTable().lookup(otherTask.taskId()))).as("a running job's task").isPresent();
      }
    }
  }

  @Test
  void aClientThatClosesLeavesNoCursorBehind() throws Exception {
    ZooKeeperGcs.Options options = ZooKeeperGcs.Options.defaults().withCluster(freshCluster("cursors-"));
    String writers = "/miniray/" + options.cluster() + "/writers";
    ZooKeeperGcs crashed = open(options);
    done(crashed.taskTable().add(spec(task(1), 0)));
    String crashedId = crashed.writerId();
    crashed.client().close(); // as a crash would: the session ends without a clean close
    crashed.close();
    try (ZooKeeperGcs watcher = open(options)) {
      ZooKeeperGcs closed = open(options);
      done(closed.taskTable().add(spec(task(2), 0)));
      String closedId = closed.writerId();
      assertThat(watcher.client().getChildren().forPath(writers)).as("cursors while three clients have written")
          .containsExactlyInAnyOrder(crashedId, closedId, watcher.writerId());

      closed.close();

      assertThat(watcher.client().getChildren().forPath(writers)).as("cursors after one client closed cleanly")
          .containsExactlyInAnyOrder(crashedId, watcher.writerId())
          .as("a crashed client's cursor stays").contains(crashedId);
      assertThat(done(watcher.taskTable().lookup(task(2)))).as("what the closed client wrote").isPresent();
    }
  }

  @Test
  void aClientAppliesItsOwnSegmentsWithoutDecodingThemWithTheSameVerdicts() throws Exception {
    ZooKeeperGcs.Options options = ZooKeeperGcs.Options.defaults().withCluster(freshCluster("own-"))
        .withCompactionSegments(0); // every segment stays, to be counted
    try (ZooKeeperGcs only = open(options)) {
      for (int i = 1; i <= 20; i++) {
        done(only.taskTable().add(spec(task(i), 1))); // one at a time: a segment each
      }
      List<java.util.concurrent.CompletableFuture<?>> atOnce = new java.util.ArrayList<>();
      for (int i = 21; i <= 60; i++) {
        atOnce.add(only.taskTable().add(spec(task(i), 1)));
        atOnce.add(only.objectTable().addLocation(object(i), node(0), 8));
      }
      atOnce.add(only.nodeTable().register(nodeInfo(0)));
      atOnce.forEach(GcsContractTest::done);
      assertThat(done(only.taskTable().retry(task(1), 1))).as("the first retry of a budget of one").isTrue();
      assertThat(done(only.taskTable().retry(task(1), 1))).as("a second retry, refused by the replay").isFalse();
      assertThatThrownBy(() -> done(only.taskTable().updateStatus(task(999), TaskStatus.RUNNING, node(0))))
          .as("a status for a task never added, refused by the replay").hasMessageContaining(task(999).toString());

      Map<String, Long> segments = segmentsByWriter(only, options.cluster());
      ZooKeeperLogReader.Replayed replayed = only.replayed();
      assertThat(segments).as("segments in the logs, by writer").containsOnlyKeys(only.writerId());
      assertThat(replayed.decoded()).as("segments the only writer decoded").isZero();
      assertThat(replayed.unfetched() + replayed.fetchedOwn()).as("segments applied from the writer's memory")
          .isEqualTo(segments.get(only.writerId()));
      assertThat(replayed.unfetched()).as("of them, applied without fetching (the reply named their znode first)")
          .isPositive();
      assertThat(replayed.listings()).as("rounds that listed a log: none, its numbers say what is new").isZero();
      assertThat(replayed.reads()).as("rounds that read a log's znode (at start, one a log): fewer than the segments, "
          + "which the watch's events and the writer's replies named").isLessThan(segments.get(only.writerId()));
      assertThat(only.segmentsKept()).as("segments the writer keeps once every write is applied").isZero();
      assertThat(done(only.taskTable().lookup(task(1))).orElseThrow().retries()).isEqualTo(1);
      assertThat(done(only.objectTable().lookup(object(60)))).isPresent();
    }
  }

  @Test
  void anotherWritersSegmentsAreFetchedAndDecoded() throws Exception {
    ZooKeeperGcs.Options options = ZooKeeperGcs.Options.defaults().withCluster(freshCluster("others-"))
        .withCompactionSegments(0);
    try (ZooKeeperGcs reader = open(options); ZooKeeperGcs other = open(options)) {
      for (int i = 1; i <= 10; i++) {
        done(other.taskTable().add(spec(task(i), 0)));
      }
      done(reader.taskTable().add(spec(task(11), 0)));
      eventually().untilAsserted(() -> {
        for (int i = 1; i <= 10; i++) {
          assertThat(done(reader.taskTable().lookup(task(i)))).as("task %d, written by the other client", i).isPresent();
        }
      });

      Map<String, Long> segments = segmentsByWriter(reader, options.cluster());
      ZooKeeperLogReader.Replayed replayed = reader.replayed();
      assertThat(replayed.decoded()).as("segments decoded: the other writer's").isEqualTo(segments.get(other.writerId()));
      assertThat(replayed.unfetched() + replayed.fetchedOwn()).as("segments of its own, from memory")
          .isEqualTo(segments.get(reader.writerId()));
      assertThat(other.replayed().decoded()).as("segments the other client decoded: this one's, once it reads them")
          .isLessThanOrEqualTo(segments.get(reader.writerId()));
    }
  }

  @Test
  void aClientThatOnlyReadsFollowsAnotherWritersLogAcrossItsCompactions() throws Exception {
    ZooKeeperGcs.Options options = ZooKeeperGcs.Options.defaults().withCluster(freshCluster("follower-"))
        .withCompactionSegments(5);
    try (ZooKeeperGcs reader = open(options); ZooKeeperGcs other = open(options)) {
      for (int i = 1; i <= 60; i++) {
        done(other.taskTable().add(spec(task(i), 0))); // one at a time: a segment each, compacted every few
      }
      // The reader writes nothing: only the log's watch tells it, and the numbers the writer's
      // compactions freed (deleted segments move the counter that names segments) lie in its way.
      eventually().untilAsserted(() -> {
        for (int i = 1; i <= 60; i++) {
          assertThat(done(reader.taskTable().lookup(task(i)))).as("task %d, written by the other client", i).isPresent();
        }
      });
      assertThat(reader.replayed().decoded() + reader.replayed().listings()).as("segments decoded, or rounds listed")
          .isPositive();
    }
  }

  @Test
  void theStatOfALogsZnodeTellsTheNumberOfItsNextSegment() throws Exception {
    // What reading a log by number rests on (ZooKeeperLogReader.nextNumber): ZooKeeper numbers a
    // sequential child by the children created before it, deleted ones included, and a stat
    // reports that count only mixed with the deletes and the children left.
    ZooKeeperGcs.Options options = ZooKeeperGcs.Options.defaults().withCluster(freshCluster("numbers-"));
    try (ZooKeeperGcs gcs = open(options)) {
      String parent = "/miniray/" + options.cluster() + "/numbers";
      gcs.client().create().creatingParentsIfNeeded().forPath(parent, new byte[0]);
      Random random = new Random(7);
      List<String> alive = new java.util.ArrayList<>();
      for (int step = 0; step < 40; step++) {
        if (!alive.isEmpty() && random.nextInt(3) == 0) {
          gcs.client().delete().forPath(alive.remove(random.nextInt(alive.size())));
          continue;
        }
        org.apache.zookeeper.data.Stat before = new org.apache.zookeeper.data.Stat();
        gcs.client().getData().storingStatIn(before).forPath(parent);
        String child = gcs.client().create().withMode(org.apache.zookeeper.CreateMode.PERSISTENT_SEQUENTIAL)
            .forPath(parent + "/seg-", new byte[0]);
        assertThat(child).as("step %d, with %d children left", step, alive.size())
            .isEqualTo(parent + String.format("/seg-%010d", ZooKeeperLogReader.nextNumber(before)));
        alive.add(child);
      }
    }
  }

  @Test
  void aSecondCopyOfAnOwnBatchIsAppliedOnce() throws Exception {
    ZooKeeperGcs.Options options = ZooKeeperGcs.Options.defaults().withCluster(freshCluster("copies-"))
        .withCompactionSegments(0);
    try (ZooKeeperGcs writer = open(options)) {
      done(writer.taskTable().add(spec(task(1), 3)));
      assertThat(done(writer.taskTable().retry(task(1), 3))).isTrue();
      // As a resend that committed after its first copy had would leave it: the retry's segment twice.
      String logs = "/miniray/" + options.cluster() + "/logs";
      String log = null;
      for (String l : writer.client().getChildren().forPath(logs)) {
        if (!writer.client().getChildren().forPath(logs + "/" + l).isEmpty()) {
          log = logs + "/" + l; // the task's shard: the only log written
        }
      }
      List<String> children = writer.client().getChildren().forPath(log);
      assertThat(children).as("segments of the task's log: its row, its retry").hasSize(2);
      String last = children.stream().max(java.util.Comparator.naturalOrder()).orElseThrow();
      byte[] copy = writer.client().getData().forPath(log + "/" + last);
      writer.client().create().withMode(org.apache.zookeeper.CreateMode.PERSISTENT_SEQUENTIAL)
          .forPath(log + "/seg-", copy);
      done(writer.taskTable().updateStatus(task(1), TaskStatus.RUNNING, node(0))); // read after the copy

      assertThat(done(writer.taskTable().lookup(task(1))).orElseThrow().retries())
          .as("retries after the retry's batch was read twice").isEqualTo(1);
      try (ZooKeeperGcs later = open(options)) {
        assertThat(done(later.taskTable().lookup(task(1))).orElseThrow().retries())
            .as("retries, read by a client that decodes both copies").isEqualTo(1);
      }
    }
  }

  // The writer of every segment in the cluster's logs, counted.
  private static Map<String, Long> segmentsByWriter(ZooKeeperGcs client, String cluster) throws Exception {
    Map<String, Long> byWriter = new java.util.HashMap<>();
    String logs = "/miniray/" + cluster + "/logs";
    for (String log : client.client().getChildren().forPath(logs)) {
      for (String seg : client.client().getChildren().forPath(logs + "/" + log)) {
        LogSegment s = LogSegment.decode(client.client().getData().forPath(logs + "/" + log + "/" + seg));
        byWriter.merge(s.writer(), 1L, Long::sum);
      }
    }
    return byWriter;
  }

  @Test
  void retentionPolicyComesFromConfig() {
    MinirayConfig config = MinirayConfig.of(Map.of("miniray.gcs", "zookeeper",
        "miniray.gcs.zookeeper.connect", connectString(), "miniray.gcs.retention", "drop-finished-jobs",
        "miniray.gcs.zookeeper.cluster", freshCluster("config-")));
    try (Gcs g = GlobalControlStores.selector().create(config)) {
      assertThat(g).isInstanceOf(ZooKeeperGcs.class);
      done(g.taskTable().add(spec(task(1), 3)));
      done(((ZooKeeperGcs) g).jobFinished(JOB));
      assertThat(done(g.taskTable().lookup(task(1)))).isEmpty();
    }
    assertThatThrownBy(() -> MinirayConfig.of(Map.of("miniray.gcs.retention", "forever")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("keep-all or drop-finished-jobs");
  }
}
