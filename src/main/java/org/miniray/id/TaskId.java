package org.miniray.id;

/**
 * A task's id. The driver's root task id derives from the job id; every other task id derives
 * from its parent's id and the index of the submission among the parent's submissions, so a
 * re-executed parent makes children with the same ids.
 *
 * <p>Its top {@value #JOB_BITS} bits are the job's number modulo 2^{@value #JOB_BITS}, inherited
 * from the driver's root task by every descendant, so any node can tell which job a task, and an
 * object it made ({@link ObjectId#task}), belongs to without asking anyone: what frees a job's
 * objects when the job ends. Ray embeds the job in its task and object ids the same way (a
 * {@code TaskID} holds an {@code ActorID}, which holds the {@code JobID}). Two jobs whose numbers
 * differ by a multiple of 65,536 share a tag; only two such jobs running at once would be told
 * apart wrongly. The other 48 bits are a hash of the parent and index.
 */
public record TaskId(long value) {
  private static final int JOB_BITS = 16;
  private static final int HASH_BITS = Long.SIZE - JOB_BITS;
  private static final long HASH_MASK = (1L << HASH_BITS) - 1;

  /** The root task of a job: the driver program itself. */
  public static TaskId forDriver(JobId job) {
    return new TaskId(tagOf(job) << HASH_BITS | mix(0x5eed_0000_0000_0000L ^ job.value()) & HASH_MASK);
  }

  /** The {@code index}-th task (counting from 1) that {@code parent} submitted. */
  public static TaskId forChild(TaskId parent, long index) {
    if (index < 1) {
      throw new IllegalArgumentException("child index counts from 1, got " + index);
    }
    return new TaskId(parent.value & ~HASH_MASK | mix(parent.value * 0x9E37_79B9_7F4A_7C15L + index) & HASH_MASK);
  }

  /** Whether this task belongs to {@code job} (to a job whose number has the same tag; see above). */
  public boolean isOf(JobId job) {
    return jobTag() == jobTag(job);
  }

  /** The tag of the job this task belongs to: its number modulo 2^16. */
  public int jobTag() {
    return (int) (value >>> HASH_BITS);
  }

  /** The tag the tasks of {@code job} carry. */
  public static int jobTag(JobId job) {
    return (int) tagOf(job);
  }

  private static long tagOf(JobId job) {
    return job.value() & ((1L << JOB_BITS) - 1);
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
  public boolean equals(Object o) {
    return this == o || (o instanceof TaskId other && value == other.value);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(value);
  }

  @Override
  public String toString() {
    return "T" + String.format("%016x", value);
  }
}
