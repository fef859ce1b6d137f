package org.miniray.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.apache.curator.test.TestingCluster;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.ExtendWith;
import org.miniray.actor.ActorCheckpoint;
import org.miniray.actor.GcsCheckpointStore;
import org.miniray.api.ActorHandle;
import org.miniray.api.ObjectRef;
import org.miniray.api.Ray;
import org.miniray.api.exception.RayActorException;
import org.miniray.examples.FaultDemo.Home;
import org.miniray.examples.FaultDemo.Ledger;
import org.miniray.gcs.ActorEntry;
import org.miniray.gcs.ActorState;
import org.miniray.gcs.Gcs;
import org.miniray.gcs.zookeeper.EmbeddedZooKeeper;
import org.miniray.runtime.ActorHandleImpl;
import org.miniray.runtime.MinirayRuntime;

/**
 * Issue 15's last Done-when line for a head restart: an actor with checkpoints whose node is
 * killed while the head is down is restored once the head is back. The GCS is a three-server
 * ensemble outside the head ({@code --gcs zk://...}); a head with no {@code ledger} resource and
 * two node processes with one each; this JVM is the driver. A checkpointed {@link Ledger} lives on
 * one node; the head is killed with SIGKILL, then the ledger's node, while calls are made to it;
 * the head is started again with the same command. The new head's failure detector finds the node
 * silent, its actor supervisor (rebuilt from the actor table) restarts the ledger on the other
 * node, which loads the checkpoint and replays the logged calls after it, and the driver's calls
 * made during the outage, and after, see the state they would have seen with no failure.
 *
 * <p>No code change was needed for it: when written it passed 5 runs of 5 (36 to 48 s each). The
 * second test, in {@code make stress}, checks that the restart count is the actor table's: an
 * actor that spent its one restart before the head died is recorded dead, not restarted again.
 */
@ExtendWith(ProcessLogsOnFailure.class)
class HeadRestartActorProcessesTest {
  private static final int BEFORE = 12; // record calls before the kills
  private static final int DURING = 3; // made while the head is down, before its node is killed and again after
  private static final int AFTER = 5; // made once it is back
  private static final int CHECKPOINT_EVERY = 5;

  @TempDir
  Path home;
  private TestingCluster ensemble;

  @AfterEach
  void stop() throws Exception {
    CliAt.stopAll(home, ensemble);
  }

  private static Gcs gcs() {
    return ((MinirayRuntime) Ray.internal()).deployment().gcs();
  }

  /** The ensemble, a head with no {@code ledger} resource and two nodes with one each; returns the head's command. */
  private String[] startCluster() throws Exception {
    ensemble = EmbeddedZooKeeper.cluster(3, 200);
    ensemble.start();
    String gcs = "zk://" + ensemble.getConnectString();
    String[] headCommand = CliAt.startHead(home, "--num-cpus", "1", "--gcs", gcs);
    for (int i = 0; i < 2; i++) {
      CliAt.printed(home, 0, "start", "--address", CliAt.headAddress(home), "--num-cpus", "2", "--resources",
          "{\"ledger\": 1}");
    }
    Ray.init(CliAt.driverConfig(home));
    return headCommand;
  }

  /** A checkpointed ledger allowed one restart, on a node process with the {@code ledger} resource. */
  private static ActorHandle<Ledger> newLedger() {
    return Ray.actor(Ledger::new, CHECKPOINT_EVERY).setResource("ledger", 1.0).setMaxRestarts(1).remote();
  }

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void checkpointedActorWhoseNodeDiesWhileTheHeadIsDownIsRestoredOnceTheHeadIsBack() throws Exception {
    String[] headCommand = startCluster();
    List<Long> pids = CliAt.pids(home); // the head, then the two nodes
    ActorHandle<Ledger> ledger = newLedger();
    Home before = ledger.task(Ledger::home).remote().get(60_000);
    assertThat(pids.subList(1, 3)).as("the ledger lives on a node process, not the head").contains(before.pid());
    long survivor = pids.get(1) == before.pid() ? pids.get(2) : pids.get(1);
    List<ObjectRef<Integer>> records = new ArrayList<>();
    record(ledger, records, BEFORE);
    assertThat(Ray.get(records, 60_000)).as("records before the kills").containsExactlyElementsOf(counts(1, BEFORE));

    // A checkpoint is published once the results it covers are here; wait for one with a call logged after it.
    ActorEntry entry = gcs().actorTable().lookup(((ActorHandleImpl<?>) ledger).id()).join()
        .orElseThrow();
    GcsCheckpointStore checkpoints = new GcsCheckpointStore(gcs().checkpointTable());
    AtomicReference<Optional<ActorCheckpoint>> latest = new AtomicReference<>(Optional.empty());
    Awaitility.await("a checkpoint of the ledger with a call logged after it").atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50)).until(() -> {
          latest.set(checkpoints.latestCheckpoint(entry.creationSpec().jobId(), entry.id()).join());
          return latest.get().isPresent() && checkpoints.loggedCall(entry.creationSpec().jobId(), entry.id(),
              latest.get().get().callsCovered()).join().isPresent();
        });

    CliAt.kill(pids.get(0)); // the head
    record(ledger, records, DURING); // its host cannot write their task-table rows, so it holds them
    CliAt.kill(before.pid()); // the ledger's node, while the head is down
    record(ledger, records, DURING); // to an actor whose node is dead
    CliAt.printed(home, 0, headCommand);
    record(ledger, records, AFTER);
    int all = BEFORE + 2 * DURING + AFTER;
    assertThat(Ray.get(records, 120_000)).as("what every record call returned, in order")
        .containsExactlyElementsOf(counts(1, all));
    assertThat(ledger.task(Ledger::entries).remote().get(60_000)).as("the ledger's entries")
        .containsExactlyElementsOf(LongStream.rangeClosed(1, all).boxed().toList());

    Home after = ledger.task(Ledger::home).remote().get(60_000);
    assertThat(after.pid()).as("the ledger's process after the restart").isEqualTo(survivor);
    assertThat(after.restoredEntries()).as("entries the restarted ledger loaded from its checkpoint")
        .isGreaterThanOrEqualTo((int) latest.get().orElseThrow().callsCovered() - 1) // the first call was home()
        .isPositive();
    assertThat(after.recordsRunHere()).as("record calls the new ledger ran: those after its checkpoint, once each")
        .isEqualTo(all - after.restoredEntries());
    ActorEntry restarted = gcs().actorTable().lookup(entry.id()).join().orElseThrow();
    assertThat(restarted.state()).isEqualTo(ActorState.ALIVE);
    assertThat(restarted.restarts()).as("restarts counted in the actor table").isEqualTo(1);
    assertThat(restarted.node()).isNotEqualTo(entry.node());
  }

  /**
   * Restart counts live in the actor table, not in a head: an actor allowed one restart, which it
   * spent when its first node died with the head up, is not restarted when its second node dies
   * while the head is down. The new head records it dead, with the cause, and a call made to it
   * during the outage fails with that cause (were the count lost, the new head would place it
   * again, on no node with the resource, and the call would wait until its timeout).
   */
  @Test
  @Tag("stress")
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void actorWithNoRestartsLeftWhoseNodeDiesWhileTheHeadIsDownIsRecordedDead() throws Exception {
    String[] headCommand = startCluster();
    List<Long> pids = CliAt.pids(home); // the head, then the two nodes
    ActorHandle<Ledger> ledger = newLedger();
    List<ObjectRef<Integer>> records = new ArrayList<>();
    record(ledger, records, 3);
    Home first = ledger.task(Ledger::home).remote().get(60_000);
    CliAt.kill(first.pid()); // with the head up: the ledger's one restart, on the other node
    Home second = ledger.task(Ledger::home).remote().get(120_000);
    assertThat(second.pid()).as("the ledger's process after its first node died").isNotEqualTo(first.pid())
        .isIn(pids.subList(1, 3));
    record(ledger, records, 2);
    assertThat(Ray.get(records, 60_000)).as("records across the first restart").containsExactlyElementsOf(counts(1, 5));

    CliAt.kill(pids.get(0)); // the head
    CliAt.kill(second.pid()); // the ledger's second node, while the head is down
    ObjectRef<Integer> during = ledger.task(Ledger::record, 6L).remote();
    CliAt.printed(home, 0, headCommand);
    assertThatThrownBy(() -> during.get(120_000)).as("a call made to the ledger while the head was down")
        .isInstanceOf(RayActorException.class).hasMessageContaining("no restarts left");
    ActorEntry dead = gcs().actorTable().lookup(((ActorHandleImpl<?>) ledger).id()).join().orElseThrow();
    assertThat(dead.state()).isEqualTo(ActorState.DEAD);
    assertThat(dead.restarts()).as("restarts counted in the actor table").isEqualTo(1);
  }

  /** Records the next {@code n} values, 1, 2, 3... in all; adds the calls' results to {@code records}. */
  private static void record(ActorHandle<Ledger> ledger, List<ObjectRef<Integer>> records, int n) {
    for (int i = 0; i < n; i++) {
      records.add(ledger.task(Ledger::record, (long) records.size() + 1).remote());
    }
  }

  private static List<Integer> counts(int from, int to) {
    List<Integer> c = new ArrayList<>();
    for (int i = from; i <= to; i++) {
      c.add(i);
    }
    return c;
  }
}
