package org.miniray.node;

import java.util.ArrayList;
import java.util.List;

/**
 * Which of a node's GPUs each running task or actor holds, numbered from 0 as Ray numbers them
 * ({@code RuntimeContext.getGpuIds()}). A task asking for {@code n} GPUs gets {@code ceil(n)}
 * ids, those with the fewest holders: whole GPUs are never shared while the local scheduler
 * admits only what fits, and tasks asking for fractions share the least used ones.
 */
final class GpuIds {
  private final int[] holders;

  GpuIds(double gpus) {
    this.holders = new int[(int) Math.floor(gpus)];
  }

  /** The ids for a task that asked for {@code asked} GPUs; empty when it asked for none. */
  List<Long> acquire(double asked) {
    if (asked <= 0 || holders.length == 0) {
      return List.of(); // most tasks: no lock on the dispatch path
    }
    return take(Math.min((int) Math.ceil(asked), holders.length));
  }

  private synchronized List<Long> take(int n) {
    List<Long> ids = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      int best = -1;
      for (int i = 0; i < holders.length; i++) {
        if (!ids.contains((long) i) && (best < 0 || holders[i] < holders[best])) {
          best = i;
        }
      }
      holders[best]++;
      ids.add((long) best);
    }
    return List.copyOf(ids);
  }

  void release(List<Long> ids) {
    if (!ids.isEmpty()) {
      giveBack(ids);
    }
  }

  private synchronized void giveBack(List<Long> ids) {
    for (long i : ids) {
      holders[(int) i]--;
    }
  }
}
