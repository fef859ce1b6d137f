package org.miniray.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.miniray.gcs.JobEntry;
import org.miniray.gcs.JobInfo;
import org.miniray.gcs.JobState;
import org.miniray.id.JobId;
import org.miniray.id.NodeId;
import org.miniray.id.ObjectId;
import org.miniray.id.TaskId;
import org.miniray.transport.NodeObjects;

/** What {@code miniray memory} prints from the nodes' listings, without a cluster. */
class MemoryCommandTest {
  private static final NodeId A = new NodeId("node@a:1");
  private static final NodeId B = new NodeId("node@b:2");

  @Test
  void rowsAreCopiesGroupedByJobWithWhereTheyAreAndWhoMadeThem() {
    TaskId one = TaskId.forChild(TaskId.forDriver(new JobId(1)), 1);
    TaskId two = TaskId.forChild(TaskId.forDriver(new JobId(2)), 1);
    ObjectId result = one.returnId(1);
    ObjectId pending = TaskId.forChild(TaskId.forDriver(new JobId(1)), 2).returnId(1);
    ObjectId other = ObjectId.forPut(two, 1);
    List<NodeObjects> listings = List.of(
        new NodeObjects(A, List.of(new NodeObjects.Copy(result, 5000, true, true)),
            Map.of(result, "Main.java:12 (Main.main)", pending, "Main.java:13 (Main.main)")),
        new NodeObjects(B, List.of(new NodeObjects.Copy(result, 5000, false, false),
            new NodeObjects.Copy(other, 70, true, false)), Map.of()));
    List<JobEntry> jobs = List.of(
        new JobEntry(new JobId(1), new JobInfo(new NodeId("driver@d:3"), "d", 10, "Main", 0, "job-1"),
            JobState.RUNNING, 0),
        new JobEntry(new JobId(2), new JobInfo(new NodeId("driver@e:4"), "e", 11, null, 0, "job-2"),
            JobState.FINISHED, 5));

    String out = MemoryCommand.render("h:1", jobs, listings, List.of("node@c:5 (refused)"));
    List<String> lines = out.lines().toList();

    assertThat(lines.get(0)).isEqualTo("Cluster at h:1: 3 objects in 2 jobs on 2 nodes, 0.0 MB in memory, 0.0 MB spilled");
    assertThat(out).contains("No answer from node node@c:5 (refused): its objects are not listed")
        .contains("Job 01000000 (RUNNING, driver driver@d:3, Main): 2 objects")
        .contains("Job 02000000 (FINISHED, driver driver@e:4): 1 object");
    assertThat(lines).anySatisfy(l -> assertThat(l).contains(result.toString(), "5000", "node@a:1", "spilled", "primary",
        "Main.java:12 (Main.main)"));
    assertThat(lines).anySatisfy(l -> assertThat(l).contains(result.toString(), "5000", "node@b:2", "memory",
        "secondary", "Main.java:12 (Main.main)"));
    assertThat(lines).anySatisfy(l -> assertThat(l).contains(pending.toString(), "node@a:1", "pending",
        "Main.java:13 (Main.main)"));
    assertThat(lines).anySatisfy(l -> assertThat(l).contains(other.toString(), "70", "node@b:2", "memory", "primary",
        MemoryCommand.NOT_RECORDED));
    assertThat(out.indexOf(other.toString())).as("job 2's rows come after job 1's")
        .isGreaterThan(out.indexOf(pending.toString()));
  }
}
