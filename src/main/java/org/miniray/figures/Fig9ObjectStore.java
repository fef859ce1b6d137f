package org.miniray.figures;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.miniray.api.Ray;

/**
 * Paper figure 9: object store write throughput (GB/s) and IOPS by object size, from one client
 * with 1, 2 and 4 threads calling {@code Ray.put} on an embedded one-node cluster.
 *
 * <p>Two kinds of object, because they measure different things here: a {@code byte[]} is stored
 * by reference, without a copy (the serializer's zero-copy path, as the bench notes), so its
 * "throughput" is object count times size over the time to record the object, not a copy rate;
 * a {@code long[]} of the same size is serialized into the store (a copy and a checksum), which
 * is the closer analogue of the paper's copy into shared memory.
 *
 * <p>Primary copies are never freed yet, so each point runs on a fresh cluster and writes a
 * bounded number of bytes.
 */
final class Fig9ObjectStore implements Figure {
  private static final int[] THREADS = {1, 2, 4};

  @Override
  public String id() {
    return "fig9";
  }

  @Override
  public String paperFigure() {
    return "Fig. 9 (Ray OSDI'18): object store write throughput";
  }

  private record Kind(String label, IntFunction<Object> make) {}

  @Override
  public void run(Path out, boolean quick) throws Exception {
    List<Integer> sizes = quick ? List.of(1_000, 100_000, 10_000_000)
        : List.of(1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000);
    long bytesPerPoint = quick ? 40_000_000L : 600_000_000L;
    int maxPuts = quick ? 4_000 : 40_000;
    int minPuts = quick ? 2 : 6;
    List<Kind> kinds = List.of(
        new Kind("byte[] (stored by reference, no copy)", Fig9ObjectStore::randomBytes),
        new Kind("long[] (serialized into the store)", Fig9ObjectStore::randomLongs));

    Csv csv = new Csv("object", "threads", "object_bytes", "puts", "seconds", "gb_per_s", "puts_per_s")
        .note("measured: Ray.put on an embedded 1-node cluster, fresh per point; 1 GB = 1e9 bytes; "
            + "byte[] is stored by reference (no copy), long[] is serialized and checksummed");
    Chart gbps = Chart.lines(paperFigure(), "object size, bytes (log)", "GB/s (log)").logX().logY();
    Chart iops = Chart.lines("Fig. 9 (Ray OSDI'18): object store IOPS (puts / s)", "object size, bytes (log)",
        "puts / s (log)").logX().logY();
    for (Kind kind : kinds) { // unrecorded: compile the put path before the first point is timed
      measure(kind.make().apply(1_000), quick ? 500 : 5_000, 1);
      measure(kind.make().apply(1_000_000), quick ? 5 : 50, 1);
    }
    for (Kind kind : kinds) {
      for (int threads : THREADS) {
        List<Integer> xs = new ArrayList<>();
        List<Double> rate = new ArrayList<>();
        List<Double> ops = new ArrayList<>();
        for (int size : sizes) {
          int puts = (int) Math.max(minPuts, Math.min(maxPuts, bytesPerPoint / size));
          puts = Math.max(threads, puts / threads * threads);
          double seconds = measure(kind.make().apply(size), puts, threads);
          double gb = (double) puts * size / 1e9 / seconds;
          xs.add(size);
          rate.add(gb);
          ops.add(puts / seconds);
          csv.row(kind.label().substring(0, kind.label().indexOf(' ')), threads, size, puts, seconds, gb,
              puts / seconds);
          System.out.printf("  fig9 %-6s %d thread(s) %,11d B: %8.3f GB/s %,10.0f puts/s%n",
              kind.label().substring(0, kind.label().indexOf(' ')), threads, size, gb, puts / seconds);
        }
        String name = kind.label() + ", " + threads + (threads == 1 ? " thread" : " threads");
        gbps.series(name, xs, rate);
        iops.series(name, xs, ops);
      }
    }
    String where = "Measured on this machine (" + Runtime.getRuntime().availableProcessors()
        + " cores), embedded cluster, one client.";
    gbps.notes(where, "byte[]: stored by reference, so GB/s is not a copy rate.");
    iops.notes(where, "byte[]: stored by reference; long[]: serialized.");
    gbps.save(out.resolve("fig9.png"));
    iops.save(out.resolve("fig9-iops.png"));
    csv.write(out.resolve("fig9.csv"));
  }

  /** Seconds for {@code threads} threads to put {@code value} {@code puts} times in all, on a fresh cluster. */
  private static double measure(Object value, int puts, int threads) throws Exception {
    Ray.init(Map.of("miniray.nodes", "1"));
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int i = 0; i < Math.min(puts, 3); i++) {
        Ray.put(value); // warm the path (class loading, the serializer's first use)
      }
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < puts / threads; i++) {
            Ray.put(value);
          }
          return null;
        }));
      }
      System.gc(); // as JMH can: a collection owed by the previous point should not land in this one
      long t0 = System.nanoTime();
      start.countDown();
      for (Future<?> f : done) {
        f.get();
      }
      return (System.nanoTime() - t0) / 1e9;
    } finally {
      pool.shutdownNow();
      Ray.shutdown();
    }
  }

  private static Object randomBytes(int n) {
    byte[] b = new byte[n];
    new SplittableRandom(n).nextBytes(b);
    return b;
  }

  private static Object randomLongs(int bytes) {
    return new SplittableRandom(bytes).longs(Math.max(1, bytes / Long.BYTES)).toArray();
  }
}
