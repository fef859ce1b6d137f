package org.miniray.objectstore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directory on local disk where one node's store writes the objects it spills (paper section
 * 4.2.3): {@code <miniray.objectstore.spill.dir>/<node>.<pid>.<n>}, one file per spilled object.
 *
 * <p>It is made empty when the store starts and removed when it closes. A process killed with
 * {@code kill -9} cannot remove its own, so a new directory first sweeps away its siblings whose
 * process (the pid in their name) is gone; the pid and the per-process counter {@code n} keep the
 * directories of nodes that live at the same time apart, several embedded clusters of one JVM
 * included.
 *
 * <p>Files are written (and the store reads them) in chunks of {@link #IO_CHUNK} bytes: the JDK copies a heap buffer
 * through a temporary direct buffer as large as the write, and keeps one per thread, so one
 * write of a 500 MB array would hold 500 MB of direct memory for the thread's life.
 */
public final class SpillDirectory {
  private static final Logger log = LoggerFactory.getLogger(SpillDirectory.class);
  static final int IO_CHUNK = 1 << 20;
  private static final AtomicLong DIRECTORIES = new AtomicLong();

  private final Path dir;
  private final AtomicLong files = new AtomicLong();

  private SpillDirectory(Path dir) {
    this.dir = dir;
  }

  /**
   * A fresh directory for node {@code node} under {@code base} (made if missing), after removing
   * the directories there of processes that are gone.
   *
   * @throws UncheckedIOException naming the directory, when it cannot be made
   */
  public static SpillDirectory forNode(Path base, String node) {
    String name = node.replaceAll("[^A-Za-z0-9_-]", "_") + "." + ProcessHandle.current().pid() + "."
        + DIRECTORIES.incrementAndGet();
    Path dir = base.toAbsolutePath().resolve(name);
    try {
      Files.createDirectories(base);
      sweepDeadProcesses(base);
      removeTree(dir); // a directory of this name can only be a leftover of a process with our pid
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the object store's spill directory " + dir
          + " (miniray.objectstore.spill.dir): " + e, e);
    }
    return new SpillDirectory(dir);
  }

  public Path path() {
    return dir;
  }

  /** A new file's name in this directory; each spill gets its own, so an id put again never meets its old file. */
  Path newFile() {
    return dir.resolve(files.incrementAndGet() + ".obj");
  }

  /** Writes {@code bytes} into a new file {@code f}. */
  static void write(Path f, byte[] bytes) throws IOException {
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      for (int at = 0; at < bytes.length; ) {
        at += ch.write(ByteBuffer.wrap(bytes, at, Math.min(IO_CHUNK, bytes.length - at)));
      }
    }
  }

  /** Writes an object held in memory, in its slabs or on the heap, into a new file {@code f}. */
  static void write(Path f, StoreEntry e) throws IOException {
    if (e.slabs != null) {
      write(f, e.slabs, e.size);
    } else {
      write(f, e.object.bytes());
    }
  }

  /** Writes the first {@code length} bytes held in {@code slabs} (direct buffers) into a new file {@code f}. */
  static void write(Path f, ByteBuffer[] slabs, long length) throws IOException {
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      long left = length;
      for (ByteBuffer s : slabs) {
        ByteBuffer b = s.duplicate().position(0).limit((int) Math.min(s.capacity(), left));
        left -= b.remaining();
        while (b.hasRemaining()) {
          ch.write(b);
        }
      }
    }
  }

  /** Deletes a spilled file; a failure is logged (the directory goes when the store closes anyway). */
  static void delete(Path f) {
    try {
      Files.deleteIfExists(f);
    } catch (IOException e) {
      log.warn("could not delete spilled object file {}: {}", f, e.toString());
    }
  }

  /** Removes the directory and every file in it. */
  void remove() {
    try {
      removeTree(dir);
    } catch (IOException e) {
      log.warn("could not remove the spill directory {}: {}", dir, e.toString());
    }
  }

  /** The number of files in the directory now (for tests and checks). */
  long fileCount() {
    try (var s = Files.list(dir)) {
      return s.count();
    } catch (NoSuchFileException e) {
      return 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sweepDeadProcesses(Path base) throws IOException {
    try (DirectoryStream<Path> children = Files.newDirectoryStream(base)) {
      for (Path child : children) {
        String[] parts = child.getFileName().toString().split("\\.");
        if (parts.length != 3 || !Files.isDirectory(child)) {
          continue; // not one of ours
        }
        long pid;
        try {
          pid = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
          continue;
        }
        if (ProcessHandle.of(pid).isEmpty()) {
          log.info("removing {}, the spill directory of process {}, which is gone", child, pid);
          removeTree(child);
        }
      }
    }
  }

  private static void removeTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.deleteIfExists(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
        Files.deleteIfExists(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  @Override
  public String toString() {
    return dir.toString();
  }
}
