package org.miniray.sim;

import java.util.Arrays;
import org.miniray.task.ResourceSet;

/**
 * The tasks of one simulated job, numbered 0, 1, 2, ... in submission order: how long each
 * runs, how big its one return object is, what it needs, which earlier tasks' objects it
 * takes as arguments, who submits it and when. A task may only name earlier tasks as inputs
 * or parent, so every graph is acyclic. Immutable; kept in primitive arrays so that a million
 * tasks fit in a few tens of megabytes.
 */
public final class TaskGraph {
  /** {@link #parent} of a task the driver submits. */
  public static final int DRIVER = -1;
  /** {@link #pinnedNode} of a task the schedulers may place anywhere. */
  public static final int ANYWHERE = -1;

  private final int size;
  private final long[] durationNanos;
  private final long[] outputBytes;
  private final ResourceSet[] demand;
  private final int[] parent;
  private final long[] submitNanos;
  private final int[] pinnedNode;
  private final int[] inputStart; // inputs of task t are inputs[inputStart[t] .. inputStart[t+1])
  private final int[] inputs;

  private TaskGraph(Builder b) {
    size = b.size;
    durationNanos = Arrays.copyOf(b.durationNanos, size);
    outputBytes = Arrays.copyOf(b.outputBytes, size);
    demand = Arrays.copyOf(b.demand, size);
    parent = Arrays.copyOf(b.parent, size);
    submitNanos = Arrays.copyOf(b.submitNanos, size);
    pinnedNode = Arrays.copyOf(b.pinnedNode, size);
    inputStart = Arrays.copyOf(b.inputStart, size + 1);
    inputStart[size] = b.inputCount;
    inputs = Arrays.copyOf(b.inputs, b.inputCount);
  }

  public static Builder builder() {
    return new Builder();
  }

  public int size() {
    return size;
  }

  public long durationNanos(int task) {
    return durationNanos[task];
  }

  public long outputBytes(int task) {
    return outputBytes[task];
  }

  public ResourceSet demand(int task) {
    return demand[task];
  }

  /** The task that submits this one (at its node, when it starts running), or {@link #DRIVER}. */
  public int parent(int task) {
    return parent[task];
  }

  /** When the driver submits this task (only for tasks whose parent is the driver). */
  public long submitNanos(int task) {
    return submitNanos[task];
  }

  /** The node an actor task must run on (its actor lives there), or {@link #ANYWHERE}. */
  public int pinnedNode(int task) {
    return pinnedNode[task];
  }

  public int inputCount(int task) {
    return inputStart[task + 1] - inputStart[task];
  }

  /** The {@code i}-th input of {@code task}: the task whose return object it takes. */
  public int input(int task, int i) {
    return inputs[inputStart[task] + i];
  }

  /** Total size of the task's arguments. */
  public long inputBytes(int task) {
    long sum = 0;
    for (int i = inputStart[task]; i < inputStart[task + 1]; i++) {
      sum += outputBytes[inputs[i]];
    }
    return sum;
  }

  /** Adds tasks one by one; each new task gets the next number. */
  public static final class Builder {
    private static final ResourceSet ONE_CPU = ResourceSet.of(ResourceSet.CPU, 1);

    private int size;
    private long[] durationNanos = new long[16];
    private long[] outputBytes = new long[16];
    private ResourceSet[] demand = new ResourceSet[16];
    private int[] parent = new int[16];
    private long[] submitNanos = new long[16];
    private int[] pinnedNode = new int[16];
    private int[] inputStart = new int[17];
    private int[] inputs = new int[16];
    private int inputCount;

    private Builder() {}

    /**
     * Adds a one-CPU task, submitted by the driver at time 0, that runs for
     * {@code durationNanos}, returns an object of {@code outputBytes} and takes the return
     * objects of the earlier tasks {@code inputTasks}. Returns its number.
     */
    public int add(long durationNanos, long outputBytes, int... inputTasks) {
      if (durationNanos < 0 || outputBytes < 0) {
        throw new IllegalArgumentException("a task's duration and output size are >= 0, got "
            + durationNanos + " ns and " + outputBytes + " bytes");
      }
      int t = size;
      if (t == this.durationNanos.length) {
        grow();
      }
      for (int in : inputTasks) {
        if (in < 0 || in >= t) {
          throw new IllegalArgumentException(
              "task " + t + " can only take inputs from earlier tasks (0.." + (t - 1) + "), not " + in);
        }
      }
      while (inputCount + inputTasks.length > inputs.length) {
        inputs = Arrays.copyOf(inputs, inputs.length * 2);
      }
      System.arraycopy(inputTasks, 0, inputs, inputCount, inputTasks.length);
      inputStart[t] = inputCount;
      inputCount += inputTasks.length;
      this.durationNanos[t] = durationNanos;
      this.outputBytes[t] = outputBytes;
      demand[t] = ONE_CPU;
      parent[t] = DRIVER;
      pinnedNode[t] = ANYWHERE;
      size++;
      return t;
    }

    /** The resources {@code task} holds while it runs (one CPU unless set). */
    public Builder demand(int task, ResourceSet need) {
      demand[check(task)] = need;
      return this;
    }

    /** {@code task} is submitted by the earlier task {@code parentTask}, as that one starts. */
    public Builder submittedBy(int task, int parentTask) {
      if (parentTask < 0 || parentTask >= check(task)) {
        throw new IllegalArgumentException(
            "task " + task + " can only be submitted by an earlier task, not " + parentTask);
      }
      parent[task] = parentTask;
      return this;
    }

    /** The driver submits {@code task} at {@code nanos} rather than at time 0. */
    public Builder submitAt(int task, long nanos) {
      if (nanos < 0) {
        throw new IllegalArgumentException("submit time must be >= 0, got " + nanos);
      }
      submitNanos[check(task)] = nanos;
      return this;
    }

    /** {@code task} is a method of an actor that lives on node number {@code node}. */
    public Builder pin(int task, int node) {
      if (node < 0) {
        throw new IllegalArgumentException("a node number is >= 0, got " + node);
      }
      pinnedNode[check(task)] = node;
      return this;
    }

    public int size() {
      return size;
    }

    public TaskGraph build() {
      return new TaskGraph(this);
    }

    private int check(int task) {
      if (task < 0 || task >= size) {
        throw new IllegalArgumentException("no task " + task + " (there are " + size + ")");
      }
      return task;
    }

    private void grow() {
      int n = durationNanos.length * 2;
      durationNanos = Arrays.copyOf(durationNanos, n);
      outputBytes = Arrays.copyOf(outputBytes, n);
      demand = Arrays.copyOf(demand, n);
      parent = Arrays.copyOf(parent, n);
      submitNanos = Arrays.copyOf(submitNanos, n);
      pinnedNode = Arrays.copyOf(pinnedNode, n);
      inputStart = Arrays.copyOf(inputStart, n + 1);
    }
  }
}
