package org.miniray.id;

/**
 * An object's id: the task that made it and its index. Return values have indexes from 1
 * upwards; objects made by {@code put} inside a task have indexes from -1 downwards, counted
 * per task, so they too are the same when the task runs again.
 */
public record ObjectId(TaskId task, int index) {
  public ObjectId {
    if (task == null) {
      throw new IllegalArgumentException("an object id needs its task id");
    }
    if (index == 0) {
      throw new IllegalArgumentException("object index 0 is not used: returns count from 1, puts from -1");
    }
  }

  public static ObjectId forReturn(TaskId task, int index) {
    if (index < 1) {
      throw new IllegalArgumentException("return index counts from 1, got " + index);
    }
    return new ObjectId(task, index);
  }

  public static ObjectId forPut(TaskId task, int putIndex) {
    if (putIndex < 1) {
      throw new IllegalArgumentException("put index counts from 1, got " + putIndex);
    }
    return new ObjectId(task, -putIndex);
  }

  /** Whether the task that made it belongs to {@code job} ({@link TaskId#isOf}): it goes when the job ends. */
  public boolean isOf(JobId job) {
    return task.isOf(job);
  }

  /** True for objects made by {@code put}: their creator keeps them; lineage cannot remake them. */
  public boolean isPut() {
    return index < 0;
  }

  // Written out, not the record's generated pair: ids are the keys of every table on the hot paths
  // (the counter's, the store's, the GCS's), and these read the task's bits without a call through
  // the record's bootstrap. Equal ids give equal hashes, as the record's would.
  @Override
  public boolean equals(Object o) {
    return this == o || (o instanceof ObjectId other && index == other.index && task.value() == other.task.value());
  }

  @Override
  public int hashCode() {
    long v = task.value();
    return (int) (v ^ (v >>> 32)) * 31 + index;
  }

  @Override
  public String toString() {
    return "O" + String.format("%016x", task.value()) + (index > 0 ? "r" + index : "p" + (-index));
  }
}
