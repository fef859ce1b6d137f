package org.miniray.id;

/**
 * A task's id. The driver's root task id derives from the job id; every other task id derives
 * from its parent's id and the index of the submission among the parent's submissions, so a
 * re-executed parent makes children with the same ids.
 */
public record TaskId(long value) {

  /** The root task of a job: the driver program itself. */
  public static TaskId forDriver(JobId job) {
    return new TaskId(mix(0x5eed_0000_0000_0000L ^ job.value()));
  }

  /** The {@code index}-th task (counting from 1) that {@code parent} submitted. */
  public static TaskId forChild(TaskId parent, long index) {
    if (index < 1) {
      throw new IllegalArgumentException("child index counts from 1, got " + index);
    }
    return new TaskId(mix(parent.value * 0x9E37_79B9_7F4A_7C15L + index));
  }

  /** The id of the object this task returns at {@code index} (counting from 1). */
  public ObjectId returnId(int index) {
    return ObjectId.forReturn(this, index);
  }

  // SplitMix64's finalizer: a bijection on 64 bits that spreads nearby inputs apart.
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
    return z ^ (z >>> 31);
  }

  @Override
  public String toString() {
    return "T" + String.format("%016x", value);
  }
}
