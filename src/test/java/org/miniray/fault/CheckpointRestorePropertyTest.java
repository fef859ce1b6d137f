package org.miniray.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.integers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.miniray.api.ActorHandle;
import org.miniray.api.ObjectRef;
import org.miniray.api.Ray;
import org.miniray.gcs.ActorEntry;
import org.miniray.gcs.ActorState;
import org.miniray.id.ActorId;
import org.miniray.id.NodeId;
import org.miniray.labs.FailedRuns;
import org.miniray.runtime.ActorHandleImpl;
import org.miniray.runtime.EmbeddedCluster;
import org.quicktheories.core.Gen;

/**
 * Property (b), checkpoint and replay: a random sequence of calls to one restartable actor, with
 * a random checkpoint policy, some calls awaited at once and others left in flight, and its node
 * killed at random points (up to twice). Every returned value and the final state equal the
 * failure-free run's.
 */
class CheckpointRestorePropertyTest {
  private static final AtomicInteger cases = new AtomicInteger();

  /**
   * @param every checkpoint after this many calls (0: never)
   * @param xs what each call adds
   * @param awaited which calls the driver waits for at once
   * @param killBefore call indexes before which the actor's node is killed
   */
  record Calls(int seed, int every, List<Integer> xs, List<Boolean> awaited, List<Integer> killBefore, int network) {
    @Override
    public String toString() {
      StringBuilder s = new StringBuilder("seed=" + seed + " checkpoint every " + every + " network="
          + List.of("clean", "delays", "delays+drops").get(network) + " calls=[");
      for (int i = 0; i <= xs.size(); i++) {
        for (int k : killBefore) {
          if (k == i) {
            s.append(" KILL");
          }
        }
        if (i < xs.size()) {
          s.append(' ').append(xs.get(i)).append(awaited.get(i) ? "!" : "");
        }
      }
      return s.append(" ]").toString();
    }
  }

  static final Gen<Calls> CALLS = in -> {
    int m = integers().between(1, 30).generate(in);
    List<Integer> xs = new ArrayList<>();
    List<Boolean> awaited = new ArrayList<>();
    for (int i = 0; i < m; i++) {
      xs.add(integers().between(0, 9).generate(in));
      awaited.add(integers().between(0, 2).generate(in) == 0);
    }
    int kills = integers().between(0, 2).generate(in);
    List<Integer> killBefore = new ArrayList<>();
    for (int k = 0; k < kills; k++) {
      killBefore.add(integers().between(0, m).generate(in));
    }
    killBefore.sort(Integer::compare);
    return new Calls(integers().all().generate(in), integers().between(0, 5).generate(in), xs, awaited, killBefore,
        integers().between(0, 2).generate(in));
  };

  static void run(Calls c) {
    run(c, Map.of());
  }

  /** @param more configuration under the test's own (the graders' {@link FaultClusters#GRADING}) */
  static void run(Calls c, Map<String, String> more) {
    String label = "cp" + cases.incrementAndGet();
    Map<String, String> config = new HashMap<>(more);
    config.put("miniray.seed", Integer.toString(c.seed()));
    EmbeddedCluster cluster = FaultClusters.start(4, Map.of(0, "CPU=2", 1, "CPU=2,a=1", 2, "CPU=2,a=1", 3,
        "CPU=2,a=1"), config);
    try {
      if (c.network() >= 1) {
        cluster.faults().network().delayMessages(0.2, 5);
      }
      if (c.network() == 2) {
        cluster.faults().network().dropMessages(0.05);
      }
      ActorHandle<Tally> t = Ray.actor(Tally::new, label, c.every()).setResource("a", 1.0)
          .setMaxRestarts(c.killBefore().size()).remote();
      ActorId id = ((ActorHandleImpl<?>) t).id();
      Set<NodeId> killed = new HashSet<>();
      List<ObjectRef<Integer>> refs = new ArrayList<>();
      List<Integer> got = new ArrayList<>();
      int nextKill = 0;
      for (int i = 0; i <= c.xs().size(); i++) {
        while (nextKill < c.killBefore().size() && c.killBefore().get(nextKill) == i) {
          nextKill++;
          NodeId home = awaitAliveAwayFrom(cluster, id, killed);
          killed.add(home);
          cluster.faults().kill(home);
        }
        if (i == c.xs().size()) {
          break;
        }
        ObjectRef<Integer> r = t.task(Tally::add, c.xs().get(i)).remote();
        refs.add(r);
        got.add(c.awaited().get(i) ? r.get(30_000) : null);
      }
      int sum = 0;
      for (int i = 0; i < refs.size(); i++) {
        sum = sum * 31 + c.xs().get(i);
        assertThat(got.get(i) != null ? got.get(i) : refs.get(i).get(30_000)).as("result of call %d", i)
            .isEqualTo(sum);
      }
      assertThat(t.task(Tally::history).remote().get(30_000)).as("the actor's history at the end")
          .isEqualTo(c.xs());
      assertThat(t.task(Tally::sum).remote().get(30_000)).as("the actor's sum at the end").isEqualTo(sum);
    } catch (RuntimeException | AssertionError e) {
      FailedRuns.keep(c.toString()); // while the cluster still runs: the graph and timeline of this run
      throw e;
    } finally {
      Ray.shutdown();
    }
  }

  /** Where the actor lives once it lives on a node not killed yet; fails at once if it died for good. */
  static NodeId awaitAliveAwayFrom(EmbeddedCluster cluster, ActorId id, Set<NodeId> killed) {
    ActorEntry e = Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
        .until(() -> cluster.gcs().actorTable().lookup(id).join().orElseThrow(),
            x -> x.state() == ActorState.DEAD || x.state() == ActorState.ALIVE && !killed.contains(x.node()));
    assertThat(e.state()).as("the actor's state before a kill (dead: %s)", e.deathCause()).isEqualTo(ActorState.ALIVE);
    return e.node();
  }

  @Test
  @Timeout(value = 15, unit = TimeUnit.MINUTES) // a few hundred clusters; the default 180 s is for one
  void everyResultAndTheFinalStateEqualTheFailureFreeRun() {
    Replays.check("checkpoint restore", Integer.getInteger("replay.examples", 100), CALLS,
        CheckpointRestorePropertyTest::run);
  }

  /**
   * The property at a grader's size ({@code -Dlab4.examples=N} for more) on a real cluster, with
   * the graders' configuration ({@link FaultClusters#GRADING}): real threads and an unreliable
   * network (messages delayed and dropped by {@code FaultyTransport}, lost sends and resends).
   * Ungraded, as it is not replay-exact: its 6 points went to the deterministic mode's network
   * grader ({@link DeterministicCheckpointTest}), which models that network on a virtual clock.
   * It takes seconds, so {@code make test} runs it.
   */
  @Test
  @DisplayName("in a cluster, on an unreliable network: random calls, checkpoint policies and node kills: every result and the final state equal the failure-free run")
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void lab4Grader() {
    // Every run delays messages, and most drop some too.
    Replays.check("checkpoint restore (lab 4, unreliable network)", Integer.getInteger("lab4.examples", 10),
        CALLS.map(c -> c.network() > 0 ? c
            : new Calls(c.seed(), c.every(), c.xs(), c.awaited(), c.killBefore(), 2)),
        c -> run(c, FaultClusters.GRADING));
  }

  @Test
  @Timeout(value = 4, unit = TimeUnit.HOURS) // thousands of clusters started and killed
  @Tag("stress")
  void everyResultAndTheFinalStateEqualTheFailureFreeRunStress() {
    Replays.check("checkpoint restore (stress)", 1_500, CALLS, CheckpointRestorePropertyTest::run);
  }
}
