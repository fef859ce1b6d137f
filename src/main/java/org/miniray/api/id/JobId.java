package org.miniray.api.id;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A job's id: its number in the cluster in four little-endian bytes, so job 1 prints as
 * {@code 01000000}, as in Ray.
 */
public final class JobId extends BaseId {
  public static final int LENGTH = 4;
  public static final JobId NIL = new JobId(nil(LENGTH));

  private JobId(byte[] bytes) {
    super(bytes, LENGTH);
  }

  /** The job numbered {@code value} (not negative). */
  public static JobId fromInt(int value) {
    if (value < 0) {
      throw new IllegalArgumentException("a job number is not negative, got " + value);
    }
    return new JobId(ByteBuffer.allocate(LENGTH).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array());
  }

  public static JobId fromHexString(String hex) {
    return new JobId(fromHex(hex, LENGTH, "job id"));
  }

  public static JobId fromBytes(byte[] bytes) {
    return new JobId(bytes);
  }

  /** The job's number. */
  public int toInt() {
    return ByteBuffer.wrap(getBytes()).order(ByteOrder.LITTLE_ENDIAN).getInt();
  }
}
