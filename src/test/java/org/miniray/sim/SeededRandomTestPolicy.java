package org.miniray.sim;

import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.miniray.id.NodeId;
import org.miniray.scheduler.policy.NodeView;
import org.miniray.scheduler.policy.SchedulingPolicy;
import org.miniray.scheduler.policy.TaskRequest;

/** Test policy: a uniformly random node among those that could ever run the task. */
final class SeededRandomTestPolicy implements SchedulingPolicy {
  private final SplittableRandom random;

  SeededRandomTestPolicy(long seed) {
    this.random = new SplittableRandom(seed);
  }

  @Override
  public Optional<NodeId> select(TaskRequest task, List<NodeView> nodes) {
    if (nodes.isEmpty()) {
      return Optional.empty();
    }
    int start = random.nextInt(nodes.size());
    for (int i = 0; i < nodes.size(); i++) { // usually the first try fits
      NodeView v = nodes.get((start + i) % nodes.size());
      if (v.total().fits(task.demand())) {
        return Optional.of(v.id());
      }
    }
    return Optional.empty();
  }
}
