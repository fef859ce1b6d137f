package org.miniray.fault;

import java.util.ArrayList;
import java.util.List;
import org.miniray.api.CheckpointContext;
import org.miniray.api.Checkpointable;

/** A checkpointable actor for the fault tests: a running sum and the history of what was added. */
public final class Tally implements Checkpointable {
  private final String label;
  private final int every;
  private int sum;
  private ArrayList<Integer> history = new ArrayList<>();

  /** @param every checkpoint after this many calls (0: never) */
  public Tally(String label, int every) {
    this.label = label;
    this.every = every;
  }

  /** Adds {@code x}; returns the sum so far. Counts its runs by call position (label#position). */
  public int add(int x) {
    FaultClusters.ran(label + "#" + history.size());
    sum = sum * 31 + x; // order matters: a replay out of order gives another number
    history.add(x);
    return sum;
  }

  public List<Integer> history() {
    return new ArrayList<>(history);
  }

  public int sum() {
    return sum;
  }

  /** The snapshot: what a checkpoint keeps. */
  public record Snapshot(int sum, int[] history) {}

  @Override
  public boolean shouldCheckpoint(CheckpointContext context) {
    return every > 0 && context.callsSinceLastCheckpoint() >= every;
  }

  @Override
  public Object saveCheckpoint() {
    return new Snapshot(sum, history.stream().mapToInt(Integer::intValue).toArray());
  }

  @Override
  public void loadCheckpoint(Object snapshot) {
    Snapshot s = (Snapshot) snapshot;
    sum = s.sum();
    history = new ArrayList<>();
    for (int h : s.history()) {
      history.add(h);
    }
  }
}
