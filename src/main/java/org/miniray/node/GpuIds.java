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
  synchronized List<Long> acquire(double asked) {
    int n = Math.min((int) Math.ceil(asked), holders.length);
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

  synchronized void release(List<Long> ids) {
    for (long i : ids) {
      holders[(int) i]--;
    }
  }
}
