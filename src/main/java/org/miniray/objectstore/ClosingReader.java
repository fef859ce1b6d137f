package org.miniray.objectstore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.miniray.serialization.ObjectReader;

/**
 * A reader of an object a store holds off the heap: in slabs ({@link #ofSlabs}) or in a spilled
 * file ({@link #ofFile}). Closing it, once, runs the store's {@code release}, which lets the store
 * give the slabs back or delete the file once the object is gone and no reader needs them.
 */
abstract class ClosingReader implements ObjectReader {
  private final byte encoding;
  final int size;
  private final Runnable release;
  private final AtomicBoolean closed = new AtomicBoolean();

  private ClosingReader(byte encoding, int size, Runnable release) {
    this.encoding = encoding;
    this.size = size;
    this.release = release;
  }

  @Override
  public byte encoding() {
    return encoding;
  }

  @Override
  public int length() {
    return size;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      closeOwn();
      release.run();
    }
  }

  void closeOwn() {}

  /** Reads {@code size} bytes held in {@code slabs} of {@code slabBytes} each. */
  static ClosingReader ofSlabs(byte encoding, int size, ByteBuffer[] slabs, int slabBytes, Runnable release) {
    return new ClosingReader(encoding, size, release) {
      @Override
      public int read(long position, ByteBuffer dst) {
        int read = 0;
        long at = position;
        while (dst.hasRemaining() && at < size) {
          ByteBuffer slab = slabs[(int) (at / slabBytes)];
          int offset = (int) (at % slabBytes);
          int n = (int) Math.min(dst.remaining(), Math.min(slabBytes - offset, size - at));
          dst.put(dst.position(), slab, offset, n).position(dst.position() + n);
          at += n;
          read += n;
        }
        return read;
      }

      @Override
      public ByteBuffer directView(long position, int length) {
        int offset = (int) (position % slabBytes);
        if (position < 0 || length < 0 || position + length > size || offset + length > slabBytes) {
          return null;
        }
        return slabs[(int) (position / slabBytes)].asReadOnlyBuffer().position(offset).limit(offset + length).slice();
      }

      @Override
      public void readAll(Consumer<ByteBuffer> sink) {
        for (int i = 0; (long) i * slabBytes < size; i++) {
          sink.accept(slabs[i].asReadOnlyBuffer().clear().limit((int) Math.min(slabBytes, size - (long) i * slabBytes)));
        }
      }
    };
  }

  /** Reads {@code size} bytes of {@code file} through {@code channel}, which it closes. */
  static ClosingReader ofFile(byte encoding, int size, FileChannel channel, Path file, Runnable release) {
    return new ClosingReader(encoding, size, release) {
      @Override
      public int read(long position, ByteBuffer dst) throws IOException {
        int read = 0;
        while (dst.hasRemaining() && position + read < size) {
          int n = channel.read(dst, position + read);
          if (n < 0) {
            throw new IOException(file + " ends after " + (position + read) + " of its " + size + " bytes");
          }
          read += n;
        }
        return read;
      }

      @Override
      void closeOwn() {
        try {
          channel.close();
        } catch (IOException x) {
          // nothing was written through it; the file goes with its object
        }
      }
    };
  }
}
