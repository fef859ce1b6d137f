package org.miniray.serialization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The {@link SerializedObject#RAW_ARRAY} encoding: a {@code short[]}, {@code char[]}, {@code int[]},
 * {@code long[]}, {@code float[]} or {@code double[]} as its elements' bytes, little-endian, behind an
 * 8-byte header (the element type's code and the element count, two little-endian ints).
 *
 * <p>Why not Fory's own format: Fory already copies a primitive array in bulk, but only into a
 * buffer of its own on the heap, which the store then copies again; for 100 MB that buffer is fresh
 * memory (a G1 humongous allocation, a collection to find room for it, a page fault per 4 KiB on a
 * virtual machine), and a put of a {@code long[]} ran at a hundredth of a {@code byte[]}'s rate. Here
 * the store asks a {@link #writer} for the bytes straight into its reused off-heap slabs and a reader
 * copies them straight into the new array ({@link #read}): one bulk copy each way
 * ({@code ByteBuffer.asLongBuffer().put(long[])} and its siblings, a {@code memcpy} on a little-endian
 * machine), no per-element work, no intermediate array. The header keeps elements 8-byte aligned
 * within the store's 1 MiB slabs. There is no checksum: the header's count must match the object's
 * length exactly before anything is allocated, which is what Fory's checksum guards against, and
 * any bytes of the right length are a valid array.
 */
public final class RawArrays {
  /** The header's bytes: the element type's code, then the element count. */
  public static final int HEADER_BYTES = 8;

  private RawArrays() {}

  /** The element types this encoding holds, by their code in the header. */
  private enum Kind {
    SHORT(1, short[].class, Short.BYTES),
    CHAR(2, char[].class, Character.BYTES),
    INT(3, int[].class, Integer.BYTES),
    LONG(4, long[].class, Long.BYTES),
    FLOAT(5, float[].class, Float.BYTES),
    DOUBLE(6, double[].class, Double.BYTES);

    final int code;
    final Class<?> type;
    final int size;

    Kind(int code, Class<?> type, int size) {
      this.code = code;
      this.type = type;
      this.size = size;
    }

    static Kind of(Class<?> c) {
      for (Kind k : values()) {
        if (k.type == c) {
          return k;
        }
      }
      return null;
    }

    static Kind ofCode(int code) {
      for (Kind k : values()) {
        if (k.code == code) {
          return k;
        }
      }
      return null;
    }

    int lengthOf(Object array) {
      return switch (this) {
        case SHORT -> ((short[]) array).length;
        case CHAR -> ((char[]) array).length;
        case INT -> ((int[]) array).length;
        case LONG -> ((long[]) array).length;
        case FLOAT -> ((float[]) array).length;
        case DOUBLE -> ((double[]) array).length;
      };
    }

    Object newArray(int n) {
      return switch (this) {
        case SHORT -> new short[n];
        case CHAR -> new char[n];
        case INT -> new int[n];
        case LONG -> new long[n];
        case FLOAT -> new float[n];
        case DOUBLE -> new double[n];
      };
    }

    /** Copies {@code n} elements from {@code array[from]} into {@code dst} at its position, advancing it. */
    void put(Object array, int from, int n, ByteBuffer dst) {
      ByteBuffer d = dst.duplicate().order(ByteOrder.LITTLE_ENDIAN); // duplicate() forgets the order
      switch (this) {
        case SHORT -> d.asShortBuffer().put((short[]) array, from, n);
        case CHAR -> d.asCharBuffer().put((char[]) array, from, n);
        case INT -> d.asIntBuffer().put((int[]) array, from, n);
        case LONG -> d.asLongBuffer().put((long[]) array, from, n);
        case FLOAT -> d.asFloatBuffer().put((float[]) array, from, n);
        case DOUBLE -> d.asDoubleBuffer().put((double[]) array, from, n);
      }
      dst.position(dst.position() + n * size);
    }

    /** Copies {@code n} elements from {@code src} at its position into {@code array[from]}, advancing it. */
    void get(ByteBuffer src, Object array, int from, int n) {
      ByteBuffer s = src.duplicate().order(ByteOrder.LITTLE_ENDIAN);
      switch (this) {
        case SHORT -> s.asShortBuffer().get((short[]) array, from, n);
        case CHAR -> s.asCharBuffer().get((char[]) array, from, n);
        case INT -> s.asIntBuffer().get((int[]) array, from, n);
        case LONG -> s.asLongBuffer().get((long[]) array, from, n);
        case FLOAT -> s.asFloatBuffer().get((float[]) array, from, n);
        case DOUBLE -> s.asDoubleBuffer().get((double[]) array, from, n);
      }
      src.position(src.position() + n * size);
    }
  }

  /** Whether {@code value} takes this encoding: a primitive array other than {@code byte[]} and {@code boolean[]}. */
  public static boolean holds(Object value) {
    return value != null && Kind.of(value.getClass()) != null;
  }

  /**
   * The encoding's size for {@code array}; a {@link SerializationException} naming the array when it
   * cannot fit one object (a Java array of bytes, whatever holds it: a store's get returns one).
   */
  static int encodedLength(Object array, long maxBytes) {
    Kind k = kindOf(array);
    long n = k.lengthOf(array);
    long bytes = n * k.size;
    if (HEADER_BYTES + bytes > maxBytes) {
      throw new SerializationException("a " + k.type.getComponentType().getName() + "[] of " + n + " elements is "
          + bytes + " bytes; one object holds at most " + maxBytes + " bytes (it is one Java byte array): "
          + "split it into several objects, e.g. one put or task result per part");
    }
    return (int) (HEADER_BYTES + bytes);
  }

  private static Kind kindOf(Object array) {
    Kind k = array == null ? null : Kind.of(array.getClass());
    if (k == null) {
      throw new IllegalArgumentException("not a short[], char[], int[], long[], float[] or double[]: "
          + (array == null ? "null" : array.getClass().getName()));
    }
    return k;
  }

  /**
   * A writer of {@code array}'s encoding, which copies the elements when asked, straight into the
   * receiver's buffers; {@code array} must not change until the receiver is done.
   */
  static ObjectWriter writer(Object array, long maxBytes) {
    Kind k = kindOf(array);
    int length = encodedLength(array, maxBytes);
    int count = k.lengthOf(array);
    ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN).putInt(k.code).putInt(count);
    return new ObjectWriter() {
      @Override
      public byte encoding() {
        return SerializedObject.RAW_ARRAY;
      }

      @Override
      public int length() {
        return length;
      }

      @Override
      public int write(long position, ByteBuffer dst) {
        long at = position;
        while (dst.hasRemaining() && at < length) {
          if (at < HEADER_BYTES) {
            int n = (int) Math.min(dst.remaining(), HEADER_BYTES - at);
            dst.put(header.array(), (int) at, n);
            at += n;
            continue;
          }
          long offset = at - HEADER_BYTES;
          int index = (int) (offset / k.size);
          int skew = (int) (offset % k.size);
          if (skew == 0 && dst.remaining() >= k.size) {
            int n = Math.min(dst.remaining() / k.size, count - index);
            k.put(array, index, n, dst);
            at += (long) n * k.size;
          } else { // part of one element: a receiver whose buffers do not fall on element boundaries
            ByteBuffer one = ByteBuffer.allocate(k.size);
            k.put(array, index, 1, one);
            int n = Math.min(k.size - skew, dst.remaining());
            dst.put(one.array(), skew, n);
            at += n;
          }
        }
        return (int) (at - position);
      }
    };
  }

  /** Reads an object of this encoding held whole on the heap. */
  static Object fromBytes(byte[] bytes) {
    Decoder d = new Decoder(bytes.length);
    d.accept(ByteBuffer.wrap(bytes));
    return d.finish();
  }

  /** Reads an object of this encoding from a store's reader: one bulk copy from its memory into the new array. */
  static Object read(ObjectReader reader) {
    Decoder d = new Decoder(reader.length());
    try {
      reader.readAll(d::accept);
    } catch (IOException e) {
      throw new UncheckedIOException("reading a " + reader.length() + "-byte array from its store failed: " + e, e);
    }
    return d.finish();
  }

  /**
   * Rebuilds an array from its encoding handed over in pieces of any size (slabs, chunks of a file),
   * copying whole elements in bulk and carrying an element split across two pieces.
   */
  private static final class Decoder {
    private final int length;
    private final ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private final ByteBuffer carry = ByteBuffer.allocate(Long.BYTES);
    private Kind kind;
    private Object array;
    private int count;
    private int index;

    Decoder(int length) {
      this.length = length;
    }

    void accept(ByteBuffer piece) {
      ByteBuffer in = piece.duplicate();
      while (in.hasRemaining()) {
        if (array == null) {
          readHeader(in);
        } else if (index == count) {
          throw malformed("more bytes than its header's " + count + " elements");
        } else if (carry.position() > 0 || in.remaining() < kind.size) {
          int n = Math.min(kind.size - carry.position(), in.remaining());
          carry.put(in.slice(in.position(), n));
          in.position(in.position() + n);
          if (carry.position() == kind.size) {
            kind.get(carry.flip(), array, index++, 1);
            carry.clear();
          }
        } else {
          int n = Math.min(in.remaining() / kind.size, count - index);
          kind.get(in, array, index, n);
          index += n;
        }
      }
    }

    private void readHeader(ByteBuffer in) {
      int n = Math.min(header.remaining(), in.remaining());
      header.put(in.slice(in.position(), n));
      in.position(in.position() + n);
      if (header.hasRemaining()) {
        return;
      }
      int code = header.getInt(0);
      count = header.getInt(4);
      kind = Kind.ofCode(code);
      if (kind == null) {
        throw malformed("unknown element type " + code);
      }
      if (count < 0 || HEADER_BYTES + (long) count * kind.size != length) {
        throw malformed("its header says " + count + " " + kind.type.getComponentType() + " elements");
      }
      array = kind.newArray(count); // only now: the length was checked against the bytes there are
    }

    Object finish() {
      if (array == null || index != count || carry.position() != 0) {
        throw malformed("it ends early");
      }
      return array;
    }

    private SerializationException malformed(String why) {
      return new SerializationException("malformed raw array (" + length + " bytes): " + why);
    }
  }
}
