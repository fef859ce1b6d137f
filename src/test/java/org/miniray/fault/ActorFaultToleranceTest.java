package org.miniray.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.miniray.fault.FaultClusters.cluster;
import static org.miniray.fault.FaultClusters.executions;
import static org.miniray.fault.FaultClusters.start;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.miniray.actor.ActorCheckpoint;
import org.miniray.actor.GcsCheckpointStore;
import org.miniray.api.ActorHandle;
import org.miniray.api.ObjectRef;
import org.miniray.api.Ray;
import org.miniray.api.exception.RayActorException;
import org.miniray.gcs.ActorEntry;
import org.miniray.gcs.ActorState;
import org.miniray.id.ActorId;
import org.miniray.id.JobId;
import org.miniray.id.NodeId;
import org.miniray.labs.Points;
import org.miniray.runtime.ActorHandleImpl;

/** Actors survive their node's death by checkpoint and replay (paper section 5.1, figure 11). */
class ActorFaultToleranceTest {
  private static final AtomicInteger runs = new AtomicInteger();
  private String run;

  @BeforeEach
  void label() {
    run = "actor" + runs.incrementAndGet();
  }

  @AfterEach
  void stop() {
    if (Ray.isInitialized()) {
      Ray.shutdown();
    }
  }

  static ActorEntry entry(ActorId id) {
    return cluster().gcs().actorTable().lookup(id).join().orElseThrow();
  }

  static NodeId awaitAlive(ActorId id) {
    return Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(5))
        .until(() -> entry(id), e -> e.state() == ActorState.ALIVE).node();
  }

  @Test
  @Tag("lab4")
  @Tag("lab4-part3")
  @Points(10)
  @DisplayName("an actor whose node died restarts elsewhere from its checkpoint and replays only the calls after it")
  @Timeout(60)
  void actorReplaysCallsAfterLastCheckpoint() {
    start(3, Map.of(0, "CPU=2", 1, "CPU=2,a=1", 2, "CPU=2,a=1"), FaultClusters.GRADING);
    ActorHandle<Tally> t = Ray.actor(Tally::new, run, 3).setResource("a", 1.0).setMaxRestarts(1).remote();
    ActorId id = ((ActorHandleImpl<?>) t).id();
    List<Integer> before = new ArrayList<>();
    for (int i = 1; i <= 7; i++) {
      before.add(t.task(Tally::add, i).remote().get(20_000));
    }
    NodeId home = awaitAlive(id);
    Awaitility.await("the checkpoint after call 6").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(5))
        .until(() -> new GcsCheckpointStore(cluster().gcs().checkpointTable()).latestCheckpoint(new JobId(1), id).join()
            .map(ActorCheckpoint::callsCovered).orElse(0L) == 6L);
    cluster().faults().kill(home);

    ObjectRef<Integer> eighth = t.task(Tally::add, 8).remote();
    assertThat(eighth.get(20_000)).as("the 8th call's result after the restart").isEqualTo(expectedSum(8));
    assertThat(before).as("results of the first 7 calls").isEqualTo(sums(7));
    assertThat(t.task(Tally::history).remote().get(20_000)).as("the restarted actor's history")
        .containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    for (int call = 0; call < 6; call++) {
      assertThat(executions(run + "#" + call)).as("runs of call " + call + ", covered by the checkpoint").isEqualTo(1);
    }
    assertThat(executions(run + "#6")).as("runs of call 6, after the checkpoint: replayed once").isEqualTo(2);
    assertThat(entry(id).restarts()).isEqualTo(1);
    assertThat(entry(id).node()).isNotEqualTo(home);
  }

  @Test
  void actorWithoutRestartsFailsCallsAfterItsNodeDies() {
    start(2, Map.of(0, "CPU=2", 1, "CPU=2,a=1"), Map.of());
    ActorHandle<Tally> t = Ray.actor(Tally::new, run, 0).setResource("a", 1.0).remote();
    assertThat(t.task(Tally::add, 1).remote().get(20_000)).isEqualTo(1);
    NodeId home = awaitAlive(((ActorHandleImpl<?>) t).id());
    cluster().faults().kill(home);
    ObjectRef<Integer> after = t.task(Tally::add, 2).remote();
    assertThatThrownBy(() -> after.get(20_000)).as("a call to an actor whose node died, with no restarts")
        .isInstanceOf(RayActorException.class)
        .hasMessageContaining(home.toString()).hasMessageContaining("no restarts left");
  }

  /**
   * The caller does not write an actor call's task-table row (its host does, on admission); a
   * call lost in flight with its host's node must still fail for its waiters, not leave them
   * waiting for a row nobody writes.
   */
  @Test
  @Timeout(60)
  void callLostWithItsHostsNodeFailsForAnActorWithoutRestarts() {
    start(2, Map.of(0, "CPU=2", 1, "CPU=2,a=1"), Map.of());
    ActorHandle<Tally> t = Ray.actor(Tally::new, run, 0).setResource("a", 1.0).remote();
    assertThat(t.task(Tally::add, 1).remote().get(20_000)).isEqualTo(1);
    NodeId home = awaitAlive(((ActorHandleImpl<?>) t).id());
    // Every message between nodes now arrives a second late; the call's will find its receiver dead.
    cluster().faults().network().delayMessages(1.0, 1_000);
    ObjectRef<Integer> lost = t.task(Tally::add, 2).remote();
    cluster().faults().kill(home);
    assertThatThrownBy(() -> lost.get(20_000)).as("a call lost in flight to an actor whose node died")
        .isInstanceOf(RayActorException.class).hasMessageContaining("no restarts left");
    cluster().faults().network().heal();
  }

  static List<Integer> sums(int n) {
    List<Integer> out = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      out.add(expectedSum(i));
    }
    return out;
  }

  static int expectedSum(int n) {
    int s = 0;
    for (int i = 1; i <= n; i++) {
      s = s * 31 + i;
    }
    return s;
  }
}
