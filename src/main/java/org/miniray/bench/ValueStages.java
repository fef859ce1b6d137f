package org.miniray.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.miniray.config.Keys;
import org.miniray.config.MinirayConfig;
import org.miniray.id.ObjectId;
import org.miniray.id.TaskId;
import org.miniray.objectstore.ObjectStore;
import org.miniray.objectstore.ObjectStores;
import org.miniray.serialization.ArrivingChecksum;
import org.miniray.serialization.ObjectReader;
import org.miniray.serialization.SerializedObject;
import org.miniray.serialization.Serializer;
import org.miniray.serialization.Serializers;

/**
 * {@code make value-stages}: what each stage of a large value's way through a store costs, one
 * stage at a time in this JVM, in milliseconds per object (100 MB by default; {@code
 * VALUE_STAGES_MB=N} picks another size): the copies a put, a get, a pull's receiver and a task's
 * argument make, and the fresh heap array some of them need. docs/PERFORMANCE.md adds them up per
 * path. Each stage runs nine times; the first two are left out (JIT, first touch of the slabs) and
 * the median, least and most of the rest printed. A stage's result is checked against the array it
 * came from, so no stage can be optimized away.
 */
public final class ValueStages {
  private static final int RUNS = 9;
  private static final int WARM_UPS = 2;

  private ValueStages() {}

  /** A record holding an array, as model weights travel: one Fory stream, not the raw encoding. */
  public record Weights(long[] values) {}

  public static void main(String[] args) throws IOException {
    int megabytes = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    if (megabytes < 1 || megabytes > 1_000) {
      throw new IllegalArgumentException("a size in MB between 1 and 1000, got " + megabytes);
    }
    int bytes = megabytes * 1_000_000;
    long[] longs = new SplittableRandom(1).longs(bytes / Long.BYTES).toArray();
    Path spill = Files.createTempDirectory("miniray-value-stages-");
    MinirayConfig config = MinirayConfig.of(Map.of(Keys.OBJECT_STORE_CAPACITY.name(), Long.toString(5L * bytes),
        Keys.OBJECT_STORE_SPILL_DIR.name(), spill.toString()));
    Serializer serializer = Serializers.selector().create(config); // the configured ones, as a node's
    ObjectStore store = ObjectStores.selector().create(config);
    Map<String, List<Double>> ms = new LinkedHashMap<>();
    try {
      for (int run = 0; run < RUNS; run++) {
        ObjectId id = new ObjectId(new TaskId(run + 1), 1);
        ObjectId pulled = new ObjectId(new TaskId(RUNS + run + 1), 1);
        ObjectId received = new ObjectId(new TaskId(2 * RUNS + run + 1), 1);
        ObjectId checked = new ObjectId(new TaskId(3 * RUNS + run + 1), 1);
        time(ms, "put: the writer copies a long[] into the store's slabs (Ray.put)",
            () -> store.putFrom(id, serializer.writerOf(longs), true));
        long[] inPlace = time(ms, "get: the slabs copied into a new long[] (Ray.get, a task's argument)",
            () -> read(serializer, store, id));
        SerializedObject whole = time(ms, "the slabs copied out into a new byte[] (ObjectStore.get)", () -> store.get(id));
        time(ms, "a pulled copy: its heap byte[] copied into slabs (the receiving store)",
            () -> store.put(pulled, whole, false));
        time(ms, "a new byte[] of the object's size (the receiver's assembly of a pull)", () -> new byte[bytes].length);
        time(ms, "before: 1 MiB direct chunks copied into a new byte[] (the chunk handler's assembly)",
            () -> assemble(store, id).length);
        time(ms, "a pull received into reserved slabs: 1 MiB direct chunks copied in (the receiving store)",
            () -> receive(store, id, received, null));
        time(ms, "the same, with the CRC32C of a Fory stream checked as the chunks arrive",
            () -> receive(store, id, checked, SerializedObject.ENCODED));
        time(ms, "a long[] read from a heap byte[] of its encoding (a get served by a pull)",
            () -> serializer.deserialize(whole));
        time(ms, "Fory: a record holding the long[] serialized, checksum included", () -> serializer.serialize(
            new Weights(longs)));
        if (!Arrays.equals(inPlace, longs) || !Arrays.equals((long[]) serializer.deserialize(store.get(pulled)), longs)) {
          throw new IllegalStateException("a stage changed the array it copied");
        }
        if (!Arrays.equals(read(serializer, store, received), longs)) {
          throw new IllegalStateException("the received copy differs from the array it came from");
        }
        store.delete(id);
        store.delete(pulled);
        store.delete(received);
        store.delete(checked);
      }
    } finally {
      store.close();
    }
    System.out.printf("value stages, %d MB long[] (%d runs, first %d left out), %d CPUs, Java %s%n", megabytes, RUNS,
        WARM_UPS, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    ms.forEach((stage, v) -> {
      List<Double> kept = new ArrayList<>(v.subList(WARM_UPS, v.size()));
      kept.sort(null);
      System.out.printf("%-82s %8.1f ms  (%.1f .. %.1f)  %5.2f GB/s%n", stage, kept.get(kept.size() / 2), kept.get(0),
          kept.get(kept.size() - 1), bytes / 1e6 / kept.get(kept.size() / 2));
    });
  }

  /**
   * What a puller's store does with a pull's chunks: reserves the slabs, copies each chunk in from
   * a direct buffer as Netty's receive buffers are (here the slabs of {@code from}, handed out 1 MiB
   * at a time), checks a checksum as the bytes arrive when {@code checked} names an encoding that
   * has one (a mismatch is expected here: only the time counts, and the copy is then committed
   * anyway), and commits.
   */
  private static boolean receive(ObjectStore store, ObjectId from, ObjectId to, Byte checked) {
    try (ObjectReader r = store.open(from)) {
      ObjectStore.Reservation room = store.reserve(to, r.encoding(), r.length(), false);
      ArrivingChecksum crc = checked == null ? null : ArrivingChecksum.of(checked, r.length());
      long[] at = {0};
      r.readAll(piece -> {
        if (crc != null) {
          crc.update(at[0], piece);
        }
        room.write(at[0], piece);
        at[0] += piece.remaining();
      });
      if (crc != null) {
        try {
          crc.verify();
        } catch (RuntimeException expected) {
          // the bytes are a raw array's, not a Fory stream's: the checksum was computed, which is what is timed
        }
      }
      return room.commit();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** What the puller's chunk handler did before: each chunk copied from a direct buffer into one new heap array. */
  private static byte[] assemble(ObjectStore store, ObjectId from) {
    try (ObjectReader r = store.open(from)) {
      byte[] out = new byte[r.length()];
      int[] at = {0};
      r.readAll(piece -> {
        int n = piece.remaining();
        piece.duplicate().get(out, at[0], n);
        at[0] += n;
      });
      return out;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static long[] read(Serializer serializer, ObjectStore store, ObjectId id) {
    try (ObjectReader r = store.open(id)) {
      return (long[]) serializer.deserialize(r);
    }
  }

  private static <T> T time(Map<String, List<Double>> ms, String stage, Supplier<T> work) {
    long t0 = System.nanoTime();
    T out = work.get();
    ms.computeIfAbsent(stage, k -> new ArrayList<>()).add((System.nanoTime() - t0) / 1e6);
    return out;
  }
}
