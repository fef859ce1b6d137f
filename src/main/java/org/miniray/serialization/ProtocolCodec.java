package org.miniray.serialization;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32C;
import org.apache.fory.Fory;
import org.apache.fory.ThreadSafeFory;
import org.apache.fory.config.Language;
import org.apache.fory.logging.LoggerFactory;
import org.apache.fory.memory.MemoryBuffer;

/**
 * miniray's own records (RPC bodies and replies, GCS log entries and snapshots) to bytes and back:
 * not a {@link Serializer}, because no value of a user's ever goes through it (user values travel
 * inside these records as bytes their {@link Serializer} already wrote).
 *
 * <p>A protocol record is a tree of miniray records, Strings, {@code byte[]}, enums and JDK
 * collections, so this codec drops what a user value needs and a message does not: its Fory
 * knows every class in advance, registered by a fixed id (its position in one table, given by the
 * format's owner), writes that id instead of a class name, and tracks no references (a record
 * shared twice inside one message is written twice and read back as two equal records; a cycle
 * cannot be built from immutable records and is refused as malformed, since its depth is bounded).
 * A class outside the table is refused, on writing and on reading, with an error naming it.
 *
 * <p>Format: a CRC32C of the rest (4 bytes, little-endian), the format byte {@link #FORMAT}, the
 * table's fingerprint (4 bytes, little-endian: a hash of its class names in order), then Fory's
 * bytes. The checksum stops truncated, corrupt and random bytes before Fory reads a length from
 * them (see {@link ForySerializer} for why that matters); the format byte tells these bytes from
 * the {@link ForySerializer}'s, which is what miniray wrote before, and whose first byte after
 * its checksum is never {@code FORMAT}; the fingerprint tells a table of another version (which
 * numbers the classes differently) from this one. Each is refused with its own
 * {@link SerializationException}.
 */
public final class ProtocolCodec {
  static {
    LoggerFactory.disableLogging();
  }

  /** The byte after the checksum. Fory's first byte is a bit set of its low four bits, never this. */
  public static final byte FORMAT = (byte) 0xF1;

  /** Registered ids start here, clear of the ids Fory gives its own types. */
  private static final int FIRST_ID = 200;

  private static final int CHECKSUM_BYTES = 4;
  private static final int HEADER_BYTES = CHECKSUM_BYTES + 1 + 4;

  private final String table;
  private final int fingerprint;
  private final ThreadSafeFory fory;

  /**
   * @param table how errors name the table, e.g. {@code "Protocol.CLASSES"}: where a class refused
   *     for not being in it must be added
   * @param classes every class other than Fory's own (Strings, boxed primitives, arrays of them,
   *     JDK collections, {@code Optional}, {@code StackTraceElement}) that a message may hold; a
   *     class's id is its position, so append new classes at the end
   */
  public ProtocolCodec(String table, List<Class<?>> classes) {
    this(table, classes, CODEGEN);
  }

  /** How Fory makes its codec for each class: {@link #CODEGEN} unless a measurement compares them. */
  public enum Codegen {
    /** Generated and compiled on Fory's own thread while the first messages use interpreted ones. */
    ASYNC,
    /** Generated and compiled when a class is first met, on the thread that met it. */
    AT_ONCE,
    /** Never generated: Fory's reflective codecs. */
    INTERPRETED
  }

  /** As {@link #ProtocolCodec(String, List)}, with the codecs made as {@code codegen} says. */
  public ProtocolCodec(String table, List<Class<?>> classes, Codegen codegen) {
    this.table = table;
    Set<String> names = new HashSet<>();
    int hash = 1;
    for (Class<?> c : classes) {
      if (!names.add(c.getName())) {
        throw new IllegalArgumentException(table + " lists " + c.getName() + " twice");
      }
      hash = 31 * hash + c.getName().hashCode();
    }
    this.fingerprint = hash;
    this.fory = Fory.builder()
        .withLanguage(Language.JAVA)
        .requireClassRegistration(true)
        .withRefTracking(false) // every message is a tree: see the class comment
        .withCodegen(codegen != Codegen.INTERPRETED)
        .withAsyncCompilation(codegen == Codegen.ASYNC)
        .withClassLoader(ProtocolCodec.class.getClassLoader())
        .buildThreadSafeFory();
    for (int i = 0; i < classes.size(); i++) {
      fory.register(classes.get(i), FIRST_ID + i);
    }
    // A name read from the bytes is never in the table (those travel as ids): refuse it before
    // Fory loads the class, so forged bytes cannot make it initialize one.
    fory.setTypeChecker((resolver, className) -> {
      throw new ForySerializer.NotAllowed(className);
    });
  }

  /**
   * How this codec's Fory makes its codecs: see {@code bench.ProtocolCodecWarmUp} and
   * docs/PERFORMANCE.md for the measurement that chose it.
   */
  static final Codegen CODEGEN = Codegen.AT_ONCE;

  /** The table's fingerprint, as frames carry it. */
  int fingerprint() {
    return fingerprint;
  }

  /** The bytes of {@code message}; a class in it outside the table is refused, naming the class. */
  public byte[] encode(Object message) {
    try {
      MemoryBuffer out = MemoryBuffer.newHeapBuffer(64);
      out.writerIndex(HEADER_BYTES);
      fory.serialize(out, message);
      int end = out.writerIndex();
      byte[] bytes = out.getBytes(0, end);
      bytes[CHECKSUM_BYTES] = FORMAT;
      putInt(bytes, CHECKSUM_BYTES + 1, fingerprint);
      putInt(bytes, 0, checksum(bytes));
      return bytes;
    } catch (RuntimeException | StackOverflowError e) {
      ForySerializer.NotAllowed refused = ForySerializer.findRefusal(e);
      String what = message == null ? "null" : "a " + message.getClass().getName();
      if (refused != null) {
        throw new SerializationException("cannot encode " + what + ": " + notInTable(refused.className));
      }
      throw new SerializationException("cannot encode " + what + " (is every class in it listed in " + table
          + "?): " + ForySerializer.detail(e), e);
    }
  }

  /** The message {@code bytes} hold; throws {@link SerializationException} for bytes it cannot trust. */
  public Object decode(byte[] bytes) {
    if (bytes.length <= HEADER_BYTES) {
      throw malformed(bytes, "too short");
    }
    if (getInt(bytes, 0) != checksum(bytes)) {
      throw malformed(bytes, "checksum mismatch; the bytes are corrupt or truncated, or were not written by a "
          + getClass().getSimpleName());
    }
    if (bytes[CHECKSUM_BYTES] != FORMAT) {
      throw malformed(bytes, "format byte 0x" + Integer.toHexString(bytes[CHECKSUM_BYTES] & 0xff) + ", not 0x"
          + Integer.toHexString(FORMAT & 0xff) + ": written in the format miniray used before its protocol codec "
          + "(a GCS log or a process of an older version), which this version cannot read");
    }
    int theirs = getInt(bytes, CHECKSUM_BYTES + 1);
    if (theirs != fingerprint) {
      throw malformed(bytes, "written with another table of classes (fingerprint " + Integer.toHexString(theirs)
          + ", this process's " + table + " has " + Integer.toHexString(fingerprint)
          + "): the writer runs another version of miniray");
    }
    try {
      return fory.deserialize(MemoryBuffer.fromByteArray(bytes, HEADER_BYTES, bytes.length - HEADER_BYTES));
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      // The input's fault: a forged length larger than the heap, or nesting too deep.
      ForySerializer.NotAllowed refused = ForySerializer.findRefusal(e);
      throw malformed(bytes, refused != null ? notInTable(refused.className) : ForySerializer.detail(e));
    }
  }

  private SerializationException malformed(byte[] bytes, String why) {
    return new SerializationException("malformed message for " + table + " (" + bytes.length + " bytes): " + why);
  }

  private String notInTable(String className) {
    return "class " + className + " is not in " + table + ", the table of classes a protocol message may hold";
  }

  private static int checksum(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, CHECKSUM_BYTES, bytes.length - CHECKSUM_BYTES);
    return (int) crc.getValue();
  }

  private static void putInt(byte[] b, int at, int v) {
    b[at] = (byte) v;
    b[at + 1] = (byte) (v >>> 8);
    b[at + 2] = (byte) (v >>> 16);
    b[at + 3] = (byte) (v >>> 24);
  }

  private static int getInt(byte[] b, int at) {
    return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
  }
}
