package org.miniray.serialization;

import java.util.zip.CRC32C;
import org.apache.fory.Fory;
import org.apache.fory.ThreadSafeFory;
import org.apache.fory.config.Language;
import org.apache.fory.logging.LoggerFactory;
import org.apache.fory.memory.MemoryBuffer;
import org.apache.fory.memory.Platform;
import org.apache.fory.util.LoaderBinding;
import org.miniray.config.ConfigException;
import org.miniray.config.Keys;
import org.miniray.config.MinirayConfig;

/**
 * The default {@link Serializer}: Apache Fory in Java mode, with reference tracking (shared and
 * cyclic objects survive) and classes written by name, so no registration is needed.
 *
 * <p>Fory asks a type checker about every class it has to look up by name, both when it writes
 * and, before loading the class, when it reads; ours answers from the {@link Allowlist} and
 * refuses by throwing, so a refused class is never even initialized. Fory's own built-in value
 * types (boxed primitives, strings, arrays, the JDK collections and time types it ships
 * serializers for) are not looked up by name and are trusted inside an object graph; the
 * top-level value's class must always be allowed.
 *
 * <p>Format of an {@code ENCODED} or {@code ERROR} object: a CRC32C of the rest (4 bytes,
 * little-endian), then Fory's bytes. The checksum is there because Fory 0.13 trusts the length
 * fields it reads: it allocates an array of the length it read before it checks that the input
 * holds that many bytes, so a few corrupt or random bytes could make it allocate gigabytes and
 * stall for seconds. Truncated, corrupt and random bytes fail the checksum (all but one in
 * 2<sup>32</sup>) before Fory sees them. Deliberately forged bytes with a correct checksum still
 * reach Fory: they cannot create a class outside the allowlist, and an allocation too large for
 * the heap is reported as malformed input, but they can cost time and memory. Every failure is
 * a {@link SerializationException}.
 *
 * <p>A {@code short[]}, {@code char[]}, {@code int[]}, {@code long[]}, {@code float[]} or
 * {@code double[]} is not given to Fory: it takes the {@link SerializedObject#RAW_ARRAY} encoding
 * ({@link RawArrays}), its elements as they are, which a store takes from {@link #writerOf} straight
 * into its off-heap memory and {@link #deserialize(ObjectReader)} copies straight back out.
 *
 * <p>Classes are found with the calling thread's context class loader: on a worker running a
 * task of a job whose code was shipped, that is the job's loader, so the job's classes are
 * found, and allowed when that loader says they are the job's own ({@link JobClasses}).
 */
public final class ForySerializer implements Serializer {
  static {
    // Fory logs through its own console logger; miniray reports problems through exceptions.
    LoggerFactory.disableLogging();
  }

  private static final int MAX_DETAIL_CHARS = 200;
  static final int CHECKSUM_BYTES = 4;

  private final Allowlist allowlist;
  private final ThreadSafeFory fory;

  public ForySerializer(Allowlist allowlist) {
    this.allowlist = allowlist;
    this.fory = Fory.builder()
        .withLanguage(Language.JAVA)
        .requireClassRegistration(false) // the allowlist below is the check instead
        .suppressClassRegistrationWarnings(true)
        .withRefTracking(true)
        .withAsyncCompilation(true)
        .buildThreadSafeFory();
    fory.setTypeChecker((resolver, className) -> {
      if (!isAllowed(className)) {
        // Fory ignores a false answer on some read paths, so refusing must throw.
        throw new NotAllowed(className);
      }
      return true;
    });
  }

  /** Allows what {@code miniray.serialization.allowlist} lists, on top of {@link Allowlist#BUILT_IN}. */
  public ForySerializer(MinirayConfig config) {
    this(allowlistOf(config));
  }

  private static Allowlist allowlistOf(MinirayConfig config) {
    try {
      return new Allowlist().allow(config.get(Keys.ALLOWLIST));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(Keys.ALLOWLIST.name() + ": " + e.getMessage(), e);
    }
  }

  /** Allowed by the allowlist, or one of the classes of the job this thread works for. */
  private boolean isAllowed(String className) {
    return allowlist.isAllowed(className)
        || (Thread.currentThread().getContextClassLoader() instanceof JobClasses job && job.isJobClass(className));
  }

  /** Makes Fory find classes with this thread's context class loader (one Fory per loader and thread). */
  private void useContextLoader() {
    ClassLoader l = Thread.currentThread().getContextClassLoader();
    if (l == null) {
      l = ForySerializer.class.getClassLoader();
    }
    if (fory.getClassLoader() != l) {
      fory.setClassLoader(l, LoaderBinding.StagingType.SOFT_STAGING);
    }
  }

  @Override
  public SerializedObject serialize(Object value) {
    if (value instanceof byte[] bytes) {
      return new SerializedObject(SerializedObject.RAW_BYTES, bytes);
    }
    if (RawArrays.holds(value)) {
      return RawArrays.writer(value, MAX_OBJECT_BYTES).toSerializedObject();
    }
    if (value != null) {
      checkAllowed(value.getClass().getName(), "serialization");
      checkSize(value);
    }
    useContextLoader();
    try {
      MemoryBuffer out = MemoryBuffer.newHeapBuffer(expectedSize(value));
      out.writeInt32(0); // the checksum's place, filled in below
      fory.serialize(out, value);
      int end = out.writerIndex();
      byte[] written = out.getHeapMemory();
      out.putInt32(0, checksum(written, CHECKSUM_BYTES, end - CHECKSUM_BYTES));
      boolean exact = written != null && written.length == end && out.getUnsafeAddress() == Platform.BYTE_ARRAY_OFFSET;
      return new SerializedObject(SerializedObject.ENCODED, exact ? written : out.getBytes(0, end));
    } catch (RuntimeException | StackOverflowError e) {
      NotAllowed refused = findRefusal(e);
      if (refused != null) {
        throw new SerializationException(notAllowedMessage(refused.className, "serialization"));
      }
      throw new SerializationException("cannot serialize a " + (value == null ? "null" : value.getClass().getName())
          + ": " + detail(e), e);
    }
  }

  /**
   * The buffer to serialize {@code value} into. A primitive array's encoding is its bytes behind a
   * few bytes of header (the checksum, Fory's reference and type marks, the length as a varint),
   * so its buffer is made that size at once: the buffer is then the result, with no copy, and a
   * large array costs one allocation of fresh memory, not the dozen-odd doublings of a 64-byte
   * start (on a machine where first touching memory is what large objects cost). A wrong guess
   * only costs speed: the buffer grows, or the result is copied out of it.
   */
  static int expectedSize(Object value) {
    if (value == null || !value.getClass().isArray() || !value.getClass().getComponentType().isPrimitive()) {
      return 64;
    }
    long bytes = (long) java.lang.reflect.Array.getLength(value) * elementBytes(value.getClass().getComponentType());
    int varint = 1;
    for (long rest = bytes >>> 7; rest != 0; rest >>>= 7) {
      varint++;
    }
    long size = CHECKSUM_BYTES + PRIMITIVE_ARRAY_HEADER_BYTES + varint + bytes;
    return size > Integer.MAX_VALUE - 16 ? 64 : (int) size;
  }

  /**
   * Refuses at once a primitive array whose encoding cannot fit one Java array (an object's bytes
   * are one {@code byte[]}): Fory would otherwise copy for seconds, growing its buffer, and then
   * fail with an integer overflow.
   */
  private static void checkSize(Object value) {
    if (value.getClass().isArray() && value.getClass().getComponentType().isPrimitive()) {
      long length = java.lang.reflect.Array.getLength(value);
      long bytes = length * elementBytes(value.getClass().getComponentType());
      if (bytes > MAX_OBJECT_BYTES) {
        throw new SerializationException("a " + value.getClass().getComponentType().getName() + "[] of " + length
            + " elements is " + bytes + " bytes; one object holds at most " + MAX_OBJECT_BYTES
            + " bytes (it is one Java byte array): split it into several objects, e.g. one put or task result per "
            + "part");
      }
    }
  }

  /** The most bytes of an encoded object: a Java array's limit, less the header and some slack. */
  static final long MAX_OBJECT_BYTES = Integer.MAX_VALUE - 64;

  /** Fory's marks before a primitive array's length: a reference flag and the type's id. */
  private static final int PRIMITIVE_ARRAY_HEADER_BYTES = 3;

  private static int elementBytes(Class<?> primitive) {
    if (primitive == long.class || primitive == double.class) {
      return 8;
    }
    if (primitive == int.class || primitive == float.class) {
      return 4;
    }
    if (primitive == short.class || primitive == char.class) {
      return 2;
    }
    return 1;
  }

  @Override
  public ObjectWriter writerOf(Object value) {
    return RawArrays.holds(value) ? RawArrays.writer(value, MAX_OBJECT_BYTES) : Serializer.super.writerOf(value);
  }

  @Override
  public Object deserialize(ObjectReader reader) {
    return reader.encoding() == SerializedObject.RAW_ARRAY ? RawArrays.read(reader) : Serializer.super.deserialize(reader);
  }

  @Override
  public Object deserialize(SerializedObject serialized) {
    if (serialized.encoding() == SerializedObject.RAW_BYTES) {
      return serialized.bytes();
    }
    if (serialized.encoding() == SerializedObject.RAW_ARRAY) {
      return RawArrays.fromBytes(serialized.bytes());
    }
    byte[] bytes = serialized.bytes();
    if (bytes.length <= CHECKSUM_BYTES) {
      throw new SerializationException("malformed serialized object (" + bytes.length + " bytes): too short");
    }
    int stored = (bytes[0] & 0xff) | (bytes[1] & 0xff) << 8 | (bytes[2] & 0xff) << 16 | (bytes[3] & 0xff) << 24;
    if (stored != checksum(bytes, CHECKSUM_BYTES, bytes.length - CHECKSUM_BYTES)) {
      throw new SerializationException("malformed serialized object (" + bytes.length + " bytes): checksum "
          + "mismatch; the bytes are corrupt or truncated, or were not written by " + getClass().getSimpleName());
    }
    Object value;
    useContextLoader();
    try {
      value = fory.deserialize(MemoryBuffer.fromByteArray(bytes, CHECKSUM_BYTES, bytes.length - CHECKSUM_BYTES));
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      // These errors are the input's fault: a forged length asking for an array larger than the
      // heap (the allocation fails, so nothing was used up), or a graph nested too deep.
      NotAllowed refused = findRefusal(e);
      if (refused != null) {
        throw new SerializationException(notAllowedMessage(refused.className, "deserialization"));
      }
      throw new SerializationException("malformed serialized object (" + bytes.length + " bytes): "
          + detail(e), e);
    }
    if (value != null) {
      checkAllowed(value.getClass().getName(), "deserialization");
    }
    return value;
  }

  @Override
  public Allowlist allowlist() {
    return allowlist;
  }

  private static int checksum(byte[] bytes, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, offset, length);
    return (int) crc.getValue();
  }

  private void checkAllowed(String className, String direction) {
    if (!isAllowed(className)) {
      throw new SerializationException(notAllowedMessage(className, direction));
    }
  }

  private static String notAllowedMessage(String className, String direction) {
    return "class " + className + " is not in the " + direction + " allowlist (add it to "
        + Keys.ALLOWLIST.name() + ")";
  }

  static NotAllowed findRefusal(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof NotAllowed n) {
        return n;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return null;
  }

  // The innermost cause says what was wrong; Fory's wrappers may print the whole partial graph.
  static String detail(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String s = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    return s.length() <= MAX_DETAIL_CHARS ? s : s.substring(0, MAX_DETAIL_CHARS) + "...";
  }

  /** Thrown from inside Fory to refuse a class; never leaves this class or {@link ProtocolCodec}. */
  static final class NotAllowed extends RuntimeException {
    final String className;

    NotAllowed(String className) {
      super(className, null, false, false);
      this.className = className;
    }
  }
}
