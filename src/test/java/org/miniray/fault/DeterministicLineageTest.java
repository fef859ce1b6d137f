package org.miniray.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.miniray.fault.DeterministicReplayPropertyTest.dags;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.miniray.events.Event;
import org.miniray.fault.DeterministicReplayPropertyTest.Dag;
import org.miniray.fault.LineageSimulation.Outcome;
import org.miniray.fault.LineageSimulation.Value;
import org.miniray.labs.FailedRuns;
import org.miniray.labs.Points;

/**
 * Lab 3, part 3 in deterministic mode: the lineage property of {@link DeterministicReplayPropertyTest}
 * (every result equals the failure-free run; only lost work runs again) checked on runs of
 * {@link LineageSimulation}, which drives the real {@code TaskTableLineageReplayer} from one
 * thread on a virtual clock. A seed ({@code -Dreplay.seed=N}) replays a failure event for event.
 *
 * <p>The second check is exact here, where the cluster's can only be generous: the run knows
 * each time a task's work was lost (queued or running on a killed node, placed on one, or its
 * result's every copy on killed nodes), and a task may run once more per loss, no more. Every
 * kill hits the worker that holds the only copy of the latest result, so every example needs
 * lineage re-execution.
 */
class DeterministicLineageTest {

  /** One run of {@code d}; on failure, keeps its graph, timeline and events for the grade report. */
  static void check(Dag d, double paceMillis) {
    Outcome o = LineageSimulation.run(d, paceMillis);
    try {
      verify(d, o);
    } catch (AssertionError e) {
      FailedRuns.keep(d.toString(), o.events());
      throw e;
    }
  }

  static void verify(Dag d, Outcome o) {
    assertThat(o.overran()).as("the run ended (it was cut off after 200000 steps: does the replayer re-run tasks"
        + " in a loop?)").isFalse();
    List<Long> expected = DeterministicReplayPropertyTest.failureFree(d);
    for (int i = 0; i < expected.size(); i++) {
      Value v = o.got().get(i);
      assertThat(v).as("the driver's get of t%d: it would wait forever (nothing was left to happen at %.1f ms of"
          + " virtual time; t%d's task-table row: %s)", i, o.endedMillis(), i, o.rows().get(i)).isNotNull();
      assertThat(v.error()).as("t%d's result is an error, not its value", i).isNull();
      assertThat(v.value()).as("result of t%d", i).isEqualTo(expected.get(i));
    }
    for (int i = 0; i < expected.size(); i++) {
      assertThat(o.runs()[i]).as("runs of t%d: its work was lost %d time(s), and it may run once more per loss"
          + " (a re-run of work that was never lost, or two re-runs for one loss, is one too many)", i,
          o.losses()[i]).isBetween(1, 1 + o.losses()[i]);
    }
  }

  /**
   * What makes this mode worth having: two runs of one DAG are the same run, event for event, on
   * a clean network and on one that delays and drops messages.
   */
  @Test
  void aDagRunsTheSameWayEveryTime() {
    AtomicInteger dropped = new AtomicInteger();
    AtomicInteger delayed = new AtomicInteger();
    Replays.check("lineage, deterministic (same run twice)", 50, dags(30, 2, 2, 0, 2, true), d -> {
      for (double pace : new double[] {0, 3}) {
        SimulatedRun.assertSameRun(LineageSimulation.run(d, pace), LineageSimulation.run(d, pace),
            Event.Kind.TASK_RECONSTRUCTED, d.network(), delayed, dropped);
      }
    }, true);
    assertThat(dropped.get()).as("messages dropped in 50 DAGs' runs, a third of them on a network that drops")
        .isPositive();
    assertThat(delayed.get()).as("messages delayed in 50 DAGs' runs").isPositive();
  }

  @Test
  @Tag("lab3")
  @Tag("lab3-part3")
  @Points(8)
  @DisplayName("deterministic: random DAGs of up to 10 tasks, the holder of a result killed: every result equals the failure-free run, and only lost work runs again")
  @Timeout(value = 1, unit = TimeUnit.MINUTES)
  void lab3DeterministicOneKill() {
    Replays.check("lineage, deterministic (lab 3, one kill)", Integer.getInteger("lab3.examples", 50),
        dags(10, 1, 1, 0, 0, true), d -> check(d, 3), true);
  }

  @Test
  @Tag("lab3")
  @Tag("lab3-part3")
  @Points(8)
  @DisplayName("deterministic: random DAGs of up to 30 tasks, two holders killed: every result equals the failure-free run, and only lost work runs again")
  @Timeout(value = 1, unit = TimeUnit.MINUTES)
  void lab3DeterministicTwoKills() {
    Replays.check("lineage, deterministic (lab 3, two kills)", Integer.getInteger("lab3.examples", 50),
        dags(30, 2, 2, 0, 0, true), d -> check(d, 3), true);
  }

  @Test
  @Tag("lab3")
  @Tag("lab3-part3")
  @Points(8)
  @DisplayName("deterministic: random DAGs of up to 30 tasks submitted at once, two holders killed while work is queued, running and being rebuilt: every result equals the failure-free run, and only lost work runs again")
  @Timeout(value = 1, unit = TimeUnit.MINUTES)
  void lab3DeterministicKillsInFlight() {
    Replays.check("lineage, deterministic (lab 3, kills in flight)", Integer.getInteger("lab3.examples", 50),
        dags(30, 2, 2, 0, 0, true), d -> check(d, 0), true);
  }

  // Lab 3, part 3's grader for an unreliable network, in deterministic mode: every message is
  // delayed with probability 0.2 (1 to 5 ms) and on most runs dropped with probability 0.05 (the
  // sender sends again after a back-off), as the cluster graders' delayMessages(0.2, 5) and
  // dropMessages(0.05); a seed replays the run, drops and delays included.

  @Test
  @Tag("lab3")
  @Tag("lab3-part3")
  @Points(6)
  @DisplayName("deterministic, on an unreliable network: random DAGs of up to 30 tasks, two holders killed, delayed and dropped messages: every result equals the failure-free run, and only lost work runs again")
  @Timeout(value = 1, unit = TimeUnit.MINUTES)
  void lab3DeterministicUnreliableNetwork() {
    Replays.check("lineage, deterministic (lab 3, unreliable network)", Integer.getInteger("lab3.examples", 50),
        dags(30, 2, 2, 1, 2, true), d -> check(d, 3), true);
  }
}
