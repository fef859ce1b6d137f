package org.miniray.api.id;

import java.nio.ByteBuffer;

/** A task's id: eight bytes, the same after a re-execution (children's ids derive from their parent's). */
public final class TaskId extends BaseId {
  public static final int LENGTH = 8;
  public static final TaskId NIL = new TaskId(nil(LENGTH));

  private TaskId(byte[] bytes) {
    super(bytes, LENGTH);
  }

  public static TaskId fromLong(long value) {
    return new TaskId(ByteBuffer.allocate(LENGTH).putLong(value).array());
  }

  public static TaskId fromHexString(String hex) {
    return new TaskId(fromHex(hex, LENGTH, "task id"));
  }

  public static TaskId fromBytes(byte[] bytes) {
    return new TaskId(bytes);
  }
}
