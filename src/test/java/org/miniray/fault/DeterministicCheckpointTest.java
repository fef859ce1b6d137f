package org.miniray.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.miniray.events.Event;
import org.miniray.fault.ActorCheckpointSimulation.Kill;
import org.miniray.fault.ActorCheckpointSimulation.Outcome;
import org.miniray.fault.ActorCheckpointSimulation.Schedule;
import org.miniray.labs.FailedRuns;
import org.miniray.labs.Points;
import org.quicktheories.core.Gen;

/**
 * Lab 4, part 3 in deterministic mode: the checkpoint property of {@link CheckpointRestorePropertyTest}
 * (every result and the final state equal the failure-free run) checked on runs of
 * {@link ActorCheckpointSimulation}, which drives the real {@code SerialActorHost} and
 * {@code ActorRecovery} from one thread on a virtual clock. A seed ({@code -Dreplay.seed=N})
 * replays a failure event for event.
 *
 * <p>A second check is exact here, where the cluster cannot tell: only calls after the checkpoint
 * replay. At each restart the run reads the latest checkpoint and the call log from the GCS, and a
 * call may run once more per restart whose checkpoint did not cover it, no more.
 */
class DeterministicCheckpointTest {

  /** Schedules of up to {@code maxCalls} calls with {@code minKills} to {@code maxKills} kills of the actor's node. */
  static Gen<Schedule> schedules(int maxCalls, int minKills, int maxKills) {
    return schedules(maxCalls, minKills, maxKills, 0, 0);
  }

  /**
   * As above, on a network from {@code minNetwork} to {@code maxNetwork} (0 clean, 1 delays, 2
   * delays and drops); a clean one draws nothing more, so clean schedules stay as they were.
   */
  static Gen<Schedule> schedules(int maxCalls, int minKills, int maxKills, int minNetwork, int maxNetwork) {
    return in -> {
      int m = integers().between(1, maxCalls).generate(in);
      List<Integer> xs = new ArrayList<>();
      List<Boolean> awaited = new ArrayList<>();
      for (int i = 0; i < m; i++) {
        xs.add(integers().between(0, 9).generate(in));
        awaited.add(integers().between(0, 2).generate(in) == 0);
      }
      int kills = integers().between(minKills, maxKills).generate(in);
      List<Kill> at = new ArrayList<>();
      for (int k = 0; k < kills; k++) {
        at.add(new Kill(integers().between(0, m).generate(in), integers().between(0, 3_000).generate(in)));
      }
      at.sort((a, b) -> Integer.compare(a.before(), b.before()));
      long seed = longs().all().generate(in);
      int every = integers().between(0, 5).generate(in);
      int network = maxNetwork == 0 ? 0 : integers().between(minNetwork, maxNetwork).generate(in);
      return new Schedule(seed, every, xs, awaited, at, network);
    };
  }

  /** One run of {@code s}; on failure, keeps its graph, timeline and events for the grade report. */
  static void check(Schedule s) {
    Outcome o = ActorCheckpointSimulation.run(s);
    try {
      verify(s, o);
    } catch (AssertionError e) {
      FailedRuns.keep(s + "\n" + String.join("\n", o.restarts()), o.events());
      throw e;
    }
  }

  static void verify(Schedule s, Outcome o) {
    assertThat(o.death()).as("why the actor could not be built (restore threw)").isNull();
    assertThat(o.overran()).as("the run ended (it was cut off after 200000 steps)").isFalse();
    int sum = 0;
    for (int i = 0; i < s.xs().size(); i++) {
      sum = sum * 31 + s.xs().get(i);
      assertThat(o.got().get(i)).as("the driver's get of call %d: it would wait forever (nothing was left to happen"
          + " at %.3f ms of virtual time; %s)", i, o.endedMillis(), o.restarts()).isNotNull();
      assertThat(o.got().get(i)).as("result of call %d (%s)", i, o.restarts()).isEqualTo(sum);
    }
    assertThat(o.history()).as("the actor's history at the end (%s)", o.restarts()).isEqualTo(s.xs());
    assertThat(o.sum()).as("the actor's sum at the end").isEqualTo(sum);
    for (int i = 0; i < s.xs().size(); i++) {
      assertThat(o.runs()[i]).as("runs of call %d: %d restart(s) found it after the latest checkpoint (%s), and it may"
          + " run once more per such restart (a call the checkpoint covers must not replay)", i, o.replayable()[i],
          o.restarts()).isBetween(1, 1 + o.replayable()[i]);
    }
  }

  /**
   * What makes this mode worth having: two runs of one schedule are the same run, event for
   * event, on a clean network and on one that delays and drops messages.
   */
  @Test
  void aScheduleRunsTheSameWayEveryTime() {
    AtomicInteger dropped = new AtomicInteger();
    AtomicInteger delayed = new AtomicInteger();
    Replays.check("checkpoints, deterministic (same run twice)", 50, schedules(30, 1, 2, 0, 2), s -> {
      SimulatedRun.assertSameRun(ActorCheckpointSimulation.run(s), ActorCheckpointSimulation.run(s),
          Event.Kind.ACTOR_RESTARTED, s.network(), delayed, dropped);
    }, true);
    assertThat(dropped.get()).as("messages dropped in 50 schedules' runs, a third of them on a network that drops")
        .isPositive();
    assertThat(delayed.get()).as("messages delayed in 50 schedules' runs").isPositive();
  }

  @Test
  @Tag("lab4")
  @Tag("lab4-part3")
  @Points(7)
  @DisplayName("deterministic: up to 30 calls, random checkpoint policies, slow result transfers and one kill: every result and the final state equal the failure-free run, and only calls after the checkpoint replay")
  @Timeout(value = 1, unit = TimeUnit.MINUTES)
  void lab4DeterministicOneKill() {
    Replays.check("checkpoints, deterministic (lab 4, one kill)", Integer.getInteger("lab4.examples", 100),
        schedules(30, 1, 1), DeterministicCheckpointTest::check, true);
  }

  @Test
  @Tag("lab4")
  @Tag("lab4-part3")
  @Points(7)
  @DisplayName("deterministic: up to 30 calls, random checkpoint policies, slow result transfers and two kills, some during a replay: every result and the final state equal the failure-free run, and only calls after the checkpoint replay")
  @Timeout(value = 1, unit = TimeUnit.MINUTES)
  void lab4DeterministicTwoKills() {
    Replays.check("checkpoints, deterministic (lab 4, two kills)", Integer.getInteger("lab4.examples", 100),
        schedules(30, 2, 2), DeterministicCheckpointTest::check, true);
  }

  // Lab 4, part 3's grader for an unreliable network, in deterministic mode: calls, results and
  // resends are delayed with probability 0.2 (1 to 5 ms) and on most runs dropped with
  // probability 0.05 (the sender sends again after a back-off), as the cluster property test's
  // delayMessages(0.2, 5) and dropMessages(0.05); a seed replays the run, drops and delays included.

  @Test
  @Tag("lab4")
  @Tag("lab4-part3")
  @Points(6)
  @DisplayName("deterministic, on an unreliable network: up to 30 calls, random checkpoint policies, one or two kills, delayed and dropped calls, results and resends: every result and the final state equal the failure-free run, and only calls after the checkpoint replay")
  @Timeout(value = 1, unit = TimeUnit.MINUTES)
  void lab4DeterministicUnreliableNetwork() {
    Replays.check("checkpoints, deterministic (lab 4, unreliable network)", Integer.getInteger("lab4.examples", 100),
        schedules(30, 1, 2, 1, 2), DeterministicCheckpointTest::check, true);
  }
}
