package org.miniray.gcs.zookeeper;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One log's part of one batch, as stored in a segment znode: the writer's id, the batch's
 * number and the encoded entries, in order.
 */
record LogSegment(String writer, long batch, List<byte[]> entries) {
  /** Bytes of entries per segment, so per transaction; ZooKeeper's default request limit (jute.maxbuffer) is 1 MB. */
  static final int MAX_BYTES = 700 * 1024;

  /** Why an entry of {@code bytes} cannot be logged: no segment can hold it. */
  static IllegalArgumentException tooLarge(String what, int bytes) {
    return new IllegalArgumentException("the ZooKeeper GCS cannot log a " + what + " entry of " + bytes
        + " bytes: one ZooKeeper request holds at most " + MAX_BYTES + " bytes of entries (jute.maxbuffer "
        + "is 1 MiB); pass large values by reference (Ray.put) instead of inside a GCS row");
  }

  byte[] encode() {
    // Sized for the whole segment up front (the writer's id is ASCII: a byte a char), so the
    // entries are copied once into the buffer and once out, not again each time it grows.
    int size = 2 + writer.length() + Long.BYTES + Integer.BYTES;
    for (byte[] b : entries) {
      size += Integer.BYTES + b.length;
    }
    ByteArrayOutputStream buf = new ByteArrayOutputStream(size);
    try (DataOutputStream out = new DataOutputStream(buf)) {
      out.writeUTF(writer);
      out.writeLong(batch);
      out.writeInt(entries.size());
      for (byte[] b : entries) {
        out.writeInt(b.length);
        out.write(b);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buf.toByteArray();
  }

  static LogSegment decode(byte[] data) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
      String writer = in.readUTF();
      long batch = in.readLong();
      int n = in.readInt();
      List<byte[]> entries = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        entries.add(b);
      }
      return new LogSegment(writer, batch, entries);
    } catch (IOException e) {
      throw new UncheckedIOException("malformed GCS log segment", e);
    }
  }
}
