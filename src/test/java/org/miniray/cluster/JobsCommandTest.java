package org.miniray.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.miniray.gcs.ActorEntry;
import org.miniray.gcs.ActorState;
import org.miniray.gcs.JobEntry;
import org.miniray.gcs.JobInfo;
import org.miniray.gcs.JobState;
import org.miniray.gcs.JobSummary;
import org.miniray.id.ActorId;
import org.miniray.id.JobId;
import org.miniray.id.NodeId;
import org.miniray.id.TaskId;
import org.miniray.task.FunctionDescriptor;
import org.miniray.task.ResourceSet;
import org.miniray.task.TaskKind;
import org.miniray.task.TaskSpec;
import org.miniray.task.TaskStatus;

/** What {@code miniray jobs} prints for the rows of a job table (the command on a real cluster: ReadmeClusterTest). */
class JobsCommandTest {
  private static final long START = 1_800_000_000_000L; // 2027-01-15 08:00:00 UTC

  @Test
  void eachJobIsOneLineWithItsActorsUnderIt() {
    JobInfo demo = new JobInfo(new NodeId("driver@10.0.0.2:4000"), "10.0.0.2", 321, "com.acme.Demo", START);
    JobInfo hello = new JobInfo(new NodeId("driver@10.0.0.2:4001"), "10.0.0.2", 322, null, START + 60_000);
    ActorId actor = new ActorId(TaskId.forChild(TaskId.forDriver(new JobId(1)), 1));
    TaskSpec creation = new TaskSpec(actor.creationTask(), new JobId(1), TaskId.forDriver(new JobId(1)),
        TaskKind.ACTOR_CREATION, new FunctionDescriptor("com.acme.Counter", "<init>", "()V",
        FunctionDescriptor.Kind.CONSTRUCTOR), List.of(), ResourceSet.EMPTY, "counter", demo.driver(), actor, null, 0, 0, 0);
    List<JobSummary> jobs = List.of(
        new JobSummary(new JobEntry(new JobId(1), demo, JobState.FINISHED, START + 7_900), Map.of(TaskStatus.FINISHED, 30,
            TaskStatus.FAILED, 1), 12, List.of(new ActorEntry(actor, "counter", creation, ActorState.DEAD, null, 0, "x"))),
        new JobSummary(new JobEntry(new JobId(2), hello, JobState.RUNNING, 0), Map.of(), 0, List.of()));

    String out = JobsCommand.render("10.0.0.1:6379", jobs, START + 62_500, ZoneOffset.UTC);

    List<String> lines = out.lines().toList();
    assertThat(lines.get(0)).isEqualTo("Cluster at 10.0.0.1:6379: 2 jobs, 1 running");
    assertThat(lines.get(2)).startsWith("01000000  FINISHED  driver@10.0.0.2:4000 (321)")
        .contains("2027-01-15 08:00:00").contains("08:00:07 (7.9 s)").contains("com.acme.Demo");
    assertThat(lines.get(2).replaceAll(" +", " ")).contains("1 failed").contains("30 finished").contains("12 actor calls");
    assertThat(lines.get(3)).isEqualTo("          actor " + actor + " com.acme.Counter \"counter\": DEAD");
    assertThat(lines.get(4)).startsWith("02000000  RUNNING   driver@10.0.0.2:4001 (322)")
        .contains("running (2.5 s)").contains("none").endsWith(" -");
  }

  @Test
  void aClusterWithNoJobSaysHowToRunOne() {
    assertThat(JobsCommand.render("127.0.0.1:6379", List.of(), START, ZoneOffset.UTC))
        .isEqualTo("Cluster at 127.0.0.1:6379: 0 jobs, 0 running\n"
            + "No driver has joined yet: run one with Ray.init(\"127.0.0.1:6379\").\n");
  }
}
