package org.miniray.sim;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * A {@link TaskGraph}'s edges turned around, in flat arrays (a million tasks must not cost a
 * million lists): the consumers of task {@code t}'s object are {@code consumer(c)} for
 * {@code c} from {@code consumerStart(t)} to {@code consumerStart(t + 1)}, and likewise the
 * tasks it submits; and the driver's own tasks in the order it submits them.
 */
final class ReverseEdges {
  /** The driver's tasks by submit time, then number. */
  final int[] driverOrder;
  private final int[] consumerStart;
  private final int[] consumers;
  private final int[] childStart;
  private final int[] children;

  ReverseEdges(TaskGraph graph) {
    int taskCount = graph.size();
    consumerStart = new int[taskCount + 1];
    childStart = new int[taskCount + 1];
    for (int t = 0; t < taskCount; t++) {
      for (int i = 0; i < graph.inputCount(t); i++) {
        consumerStart[graph.input(t, i) + 1]++;
      }
      if (graph.parent(t) != TaskGraph.DRIVER) {
        childStart[graph.parent(t) + 1]++;
      }
    }
    for (int t = 0; t < taskCount; t++) {
      consumerStart[t + 1] += consumerStart[t];
      childStart[t + 1] += childStart[t];
    }
    driverOrder = driverOrder(graph);
    consumers = new int[consumerStart[taskCount]];
    children = new int[childStart[taskCount]];
    int[] cFill = Arrays.copyOf(consumerStart, taskCount);
    int[] chFill = Arrays.copyOf(childStart, taskCount);
    for (int t = 0; t < taskCount; t++) {
      for (int i = 0; i < graph.inputCount(t); i++) {
        consumers[cFill[graph.input(t, i)]++] = t;
      }
      if (graph.parent(t) != TaskGraph.DRIVER) {
        children[chFill[graph.parent(t)]++] = t;
      }
    }
  }

  int consumerStart(int t) {
    return consumerStart[t];
  }

  int consumer(int c) {
    return consumers[c];
  }

  int childStart(int t) {
    return childStart[t];
  }

  int child(int c) {
    return children[c];
  }

  private static int[] driverOrder(TaskGraph graph) {
    int[] order = IntStream.range(0, graph.size())
        .filter(t -> graph.parent(t) == TaskGraph.DRIVER).toArray();
    boolean sorted = true;
    for (int i = 1; i < order.length && sorted; i++) {
      sorted = graph.submitNanos(order[i - 1]) <= graph.submitNanos(order[i]);
    }
    if (sorted) {
      return order;
    }
    return Arrays.stream(order).boxed()
        .sorted(Comparator.comparingLong(graph::submitNanos)) // stable: ties by number
        .mapToInt(Integer::intValue).toArray();
  }
}
