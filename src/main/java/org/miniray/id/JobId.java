package org.miniray.id;

import java.util.Locale;

/**
 * A job: one driver program and every task it causes. A cluster numbers its jobs in the order
 * their drivers start, 1, 2, 3 ... (the GCS job table's counter); job 0 is never handed out and
 * stands for a process that runs no driver of its own (a head or a node).
 *
 * <p>Shown as Ray shows a job id: Ray's {@code JobID} is the job's number as 4 bytes in
 * little-endian order, written in hex ({@code io.ray.api.id.JobId.fromInt}), so job 1 is
 * {@code 01000000}, job 2 {@code 02000000} and job 256 {@code 00010000}. {@link #parse} takes
 * that form or the plain number.
 */
public record JobId(int value) {
  private static final int HEX_DIGITS = 8;

  public JobId {
    if (value < 0) {
      throw new IllegalArgumentException("a job id is not negative, got " + value);
    }
  }

  /**
   * A job id as people type it: Ray's 8 hex digits ({@code 01000000}) or the job's number
   * ({@code 1}). Exactly 8 hex digits are read as Ray's form, so the 8-digit number 10000000
   * must be given as {@code 80969800}; a cluster rarely runs ten million jobs.
   *
   * @throws IllegalArgumentException naming the text, when it is neither
   */
  public static JobId parse(String text) {
    String t = text == null ? "" : text.trim();
    try {
      if (t.length() == HEX_DIGITS) {
        int littleEndian = Integer.parseUnsignedInt(t, 16);
        return new JobId(Integer.reverseBytes(littleEndian));
      }
      if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) {
        return new JobId(Integer.parseInt(t));
      }
    } catch (IllegalArgumentException e) {
      // falls through to the message below, which says what a job id looks like
    }
    throw new IllegalArgumentException("'" + text + "' is not a job id: give the job's number (1) or its id as "
        + "miniray jobs shows it (01000000)");
  }

  /** Ray's form: the number's 4 bytes, least significant first, in hex ({@code 01000000} for job 1). */
  public String hex() {
    return String.format(Locale.ROOT, "%08x", Integer.reverseBytes(value));
  }

  @Override
  public String toString() {
    return hex();
  }
}
