package org.miniray.api.id;

import java.nio.ByteBuffer;

/**
 * An object's id: the eight bytes of the task that made it, then four bytes of its index
 * (returns count from 1, objects made by {@code put} from -1 down).
 */
public final class ObjectId extends BaseId {
  public static final int LENGTH = 12;
  public static final ObjectId NIL = new ObjectId(nil(LENGTH));

  private ObjectId(byte[] bytes) {
    super(bytes, LENGTH);
  }

  public static ObjectId of(long task, int index) {
    return new ObjectId(ByteBuffer.allocate(LENGTH).putLong(task).putInt(index).array());
  }

  public static ObjectId fromHexString(String hex) {
    return new ObjectId(fromHex(hex, LENGTH, "object id"));
  }

  public static ObjectId fromBytes(byte[] bytes) {
    return new ObjectId(bytes);
  }
}
