package org.miniray.gcs.zookeeper;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** What a log's znode holds: the segment its snapshot covers up to, and the snapshot's blob. */
record SnapshotPointer(long segment, String blob) {
  byte[] encode() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(buf)) {
      out.writeLong(segment);
      out.writeUTF(blob);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buf.toByteArray();
  }

  /** The segment a log znode's pointer covers up to; -1 if it has none yet. */
  static long segmentOf(byte[] b) {
    return b.length == 0 ? -1 : decode(b).segment();
  }

  static SnapshotPointer decode(byte[] b) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(b))) {
      return new SnapshotPointer(in.readLong(), in.readUTF());
    } catch (IOException e) {
      throw new UncheckedIOException("malformed snapshot pointer", e);
    }
  }
}
