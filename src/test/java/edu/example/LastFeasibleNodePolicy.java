package edu.example;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.miniray.id.NodeId;
import org.miniray.scheduler.policy.NodeView;
import org.miniray.scheduler.policy.SchedulingPolicy;
import org.miniray.scheduler.policy.TaskRequest;

/**
 * A policy as a course's student writes one, outside miniray's packages: the last node that can
 * ever run the task. Chosen by its class name, {@code edu.example.LastFeasibleNodePolicy}; its
 * choices are easy to recognise, so a test can tell that it, and not the default, placed a task.
 */
public final class LastFeasibleNodePolicy implements SchedulingPolicy {
  /** Every choice, by every instance, in order: how a test knows the policy was asked. */
  public static final List<String> CHOSEN = new CopyOnWriteArrayList<>();

  @Override
  public Optional<NodeId> select(TaskRequest task, List<NodeView> nodes) {
    for (int i = nodes.size() - 1; i >= 0; i--) {
      if (nodes.get(i).total().fits(task.demand())) {
        CHOSEN.add(nodes.get(i).id().value());
        return Optional.of(nodes.get(i).id());
      }
    }
    return Optional.empty();
  }
}
