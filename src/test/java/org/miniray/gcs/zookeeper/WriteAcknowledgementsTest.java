package org.miniray.gcs.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.miniray.id.JobId;
import org.miniray.id.NodeId;
import org.miniray.id.TaskId;
import org.miniray.task.TaskStatus;

/** What a writer keeps of its segments for its own reader, and when it lets go of it. */
class WriteAcknowledgementsTest {
  private static final Duration PATIENCE = Duration.ofSeconds(10);
  private static final String ME = "w-me";
  private static final WriteAcknowledgements.BatchKey KEY = new WriteAcknowledgements.BatchKey(7, 2);
  private static final String ZNODE = "/miniray/c/logs/shard-2/seg-0000000042";

  private final WriteAcknowledgements acks = new WriteAcknowledgements(ME);
  private final List<GcsLogEntry> entries = List.of(
      new GcsLogEntry.UpdateTaskStatus(TaskId.forDriver(new JobId(1)), TaskStatus.RUNNING, new NodeId("n1")),
      new GcsLogEntry.MarkDead(new NodeId("n2")));
  private final List<CompletableFuture<Void>> callers = List.of(new CompletableFuture<>(), new CompletableFuture<>());

  @AfterEach
  void close() {
    acks.close(new IllegalStateException("test over"));
  }

  @Test
  void aSegmentIsFoundByItsZnodeOnlyOnceTheReplyNamedItAndUntilItIsApplied() {
    acks.expect(KEY, callers, entries, 123);
    assertThat(acks.segmentAt(ZNODE)).as("before the transaction answered").isNull();
    assertThat(acks.entries(ME, 7, 2)).as("by its header, before the reply").isEqualTo(entries);

    acks.created(KEY, ZNODE);
    assertThat(acks.segmentAt(ZNODE)).as("once the reply named it")
        .isEqualTo(new WriteAcknowledgements.OwnSegment(7, entries, 123));

    IllegalArgumentException refused = new IllegalArgumentException("refused");
    acks.acknowledge(ME, 7, 2, java.util.Arrays.asList(null, refused));
    assertThat(callers.get(0)).succeedsWithin(PATIENCE);
    assertThat(callers.get(1)).failsWithin(PATIENCE).withThrowableThat().havingCause().isSameAs(refused);
    assertThat(acks.segmentAt(ZNODE)).as("once applied").isNull();
    assertThat(acks.entries(ME, 7, 2)).as("by its header, once applied").isNull();
    assertThat(acks.kept()).isZero();
  }

  @Test
  void aReplyHandledAfterTheSegmentWasAppliedKeepsNothing() {
    acks.expect(KEY, callers, entries, 123);
    acks.acknowledge(ME, 7, 2, java.util.Arrays.asList(null, null));
    acks.created(KEY, ZNODE);

    assertThat(acks.segmentAt(ZNODE)).isNull();
    assertThat(acks.kept()).isZero();
  }

  @Test
  void anotherWritersBatchIsNeverTakenForOurs() {
    acks.expect(KEY, callers, entries, 123);

    assertThat(acks.entries("w-other", 7, 2)).as("the same batch number and log, of another writer").isNull();
    assertThat(acks.entries(ME, 7, 3)).as("the same batch, another log").isNull();
  }

  @Test
  void batchesGivenUpOrCoveredByASnapshotAreDropped() {
    WriteAcknowledgements.BatchKey covered = new WriteAcknowledgements.BatchKey(3, 2);
    acks.expect(KEY, callers, entries, 123);
    acks.created(KEY, ZNODE);
    acks.expect(covered, List.of(new CompletableFuture<>()), entries.subList(0, 1), 50);
    acks.created(covered, "/miniray/c/logs/shard-2/seg-0000000040");

    assertThat(acks.forget(List.of(KEY))).as("the callers of a batch given up").isEqualTo(callers);
    assertThat(acks.segmentAt(ZNODE)).isNull();
    acks.acknowledgeUpTo(2, 5);
    assertThat(acks.segmentAt("/miniray/c/logs/shard-2/seg-0000000040")).isNull();
    assertThat(acks.kept()).isZero();
  }
}
