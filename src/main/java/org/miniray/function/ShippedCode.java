package org.miniray.function;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.miniray.gcs.FunctionTable;
import org.miniray.id.JobId;

/**
 * How a job's code lies in the function table (paper section 4.2.1). Each classpath entry the
 * driver ships (a directory of classes or a jar) becomes one archive, a zip of its files, stored
 * in parts of at most {@link #PART_BYTES} so that no single GCS value grows with the program:
 * <pre>
 *   miniray:code/index           one line per archive: "&lt;archive&gt; &lt;parts&gt;", in the order shipped
 *   miniray:code/&lt;archive&gt;/&lt;i&gt;   part i of that archive's zip
 * </pre>
 * The parts are written before the index names them, so a reader that sees an archive in the
 * index finds all of it. Only the job's driver writes its rows.
 */
final class ShippedCode {
  private ShippedCode() {}

  static final int PART_BYTES = 1 << 20;
  static final String INDEX = "miniray:code/index";
  private static final long GCS_TIMEOUT_SECONDS = 60;

  /** One archive named in the index. */
  record Archive(int number, int parts) {}

  /** The zip of a directory's files (class files and resources), or a jar's bytes as they are. */
  static byte[] pack(Path entry) {
    try {
      if (Files.isRegularFile(entry)) {
        return Files.readAllBytes(entry);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (ZipOutputStream zip = new ZipOutputStream(out); Stream<Path> files = Files.walk(entry)) {
        for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
          zip.putNextEntry(new ZipEntry(entry.relativize(f).toString().replace('\\', '/')));
          zip.write(Files.readAllBytes(f));
          zip.closeEntry();
        }
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the job's classes in " + entry + ": " + e.getMessage(), e);
    }
  }

  /** The files of an archive, by resource name ({@code com/acme/Job.class}). */
  static Map<String, byte[]> unpack(byte[] archive) {
    Map<String, byte[]> files = new HashMap<>();
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        if (!e.isDirectory()) {
          files.put(e.getName(), zip.readAllBytes());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("a shipped code archive is corrupt: " + e.getMessage(), e);
    }
    return files;
  }

  /** Writes archive {@code number} (its parts, then the index naming it after {@code before}). */
  static Archive write(FunctionTable table, JobId job, List<Archive> before, int number, byte[] archive) {
    int parts = Math.max(1, (archive.length + PART_BYTES - 1) / PART_BYTES);
    List<CompletableFuture<Void>> writes = new ArrayList<>(parts);
    for (int i = 0; i < parts; i++) {
      int from = i * PART_BYTES;
      byte[] part = java.util.Arrays.copyOfRange(archive, from, Math.min(archive.length, from + PART_BYTES));
      writes.add(table.put(job, partName(number, i), part));
    }
    await(CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)), "the code of " + job);
    StringBuilder index = new StringBuilder();
    for (Archive a : before) {
      index.append(a.number()).append(' ').append(a.parts()).append('\n');
    }
    index.append(number).append(' ').append(parts).append('\n');
    await(table.put(job, INDEX, index.toString().getBytes(StandardCharsets.UTF_8)), "the code index of " + job);
    return new Archive(number, parts);
  }

  /** The archives a job has shipped so far, in order; empty if none. */
  static List<Archive> index(FunctionTable table, JobId job) {
    byte[] bytes = await(table.get(job, INDEX), "the code index of " + job).orElse(null);
    List<Archive> out = new ArrayList<>();
    if (bytes == null) {
      return out;
    }
    for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        String[] f = line.trim().split(" ");
        out.add(new Archive(Integer.parseInt(f[0]), Integer.parseInt(f[1])));
      }
    }
    return out;
  }

  /** Reads one archive back from its parts. */
  static byte[] read(FunctionTable table, JobId job, Archive a) {
    List<CompletableFuture<java.util.Optional<byte[]>>> reads = new ArrayList<>();
    for (int i = 0; i < a.parts(); i++) {
      reads.add(table.get(job, partName(a.number(), i)));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < a.parts(); i++) {
      int part = i;
      out.writeBytes(await(reads.get(i), "the code of " + job).orElseThrow(() -> new IllegalStateException(
          "part " + part + " of code archive " + a.number() + " of " + job + " is missing from the function table")));
    }
    return out.toByteArray();
  }

  private static String partName(int archive, int part) {
    return "miniray:code/" + archive + "/" + part;
  }

  private static <T> T await(CompletableFuture<T> f, String what) {
    try {
      return f.get(GCS_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot reach " + what + " in the function table: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("the function table did not answer for " + what + " in "
          + GCS_TIMEOUT_SECONDS + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading " + what, e);
    }
  }
}
