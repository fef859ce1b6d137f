package org.miniray.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.HashMap;
import java.util.Map;
import org.miniray.api.Ray;
import org.miniray.runtime.MinirayRuntime;

/**
 * {@code make churn}: issue 14's long loop, {@link ObjectWorkloads.Churn} for many rounds, every
 * result checked. Prints the driver's heap after the first 1,000 rounds and after the run (each
 * after a full collection), with how many objects the driver's reference counter still holds.
 * Arguments: {@code ROUNDS [HOST:PORT]}; without an address, an embedded cluster with a 256 MiB
 * store.
 */
public final class ChurnMain {
  private static final int FIRST = 1_000;

  private ChurnMain() {}

  public static void main(String[] args) {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: ChurnMain ROUNDS [HOST:PORT]  (no address: an embedded cluster, 256 MiB store)");
      System.exit(2);
    }
    int rounds;
    try {
      rounds = Integer.parseInt(args[0]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("ROUNDS must be a number of rounds, got '" + args[0] + "'", e);
    }
    if (args.length == 2) {
      Ray.init(args[1]);
    } else {
      Map<String, String> config = new HashMap<>();
      config.put("miniray.objectstore.capacity.bytes", Long.toString(256L << 20));
      config.put("miniray.refcount.forget.tasks", "true");
      Ray.init(config);
    }
    try {
      long start = System.nanoTime();
      long afterFirst = -1;
      for (int i = 0; i < rounds; i++) {
        ObjectWorkloads.Churn.churnOnce(i);
        if (i + 1 == Math.min(FIRST, rounds)) {
          afterFirst = heapAfterGc();
          report("after the first " + (i + 1) + " rounds", afterFirst);
        }
      }
      long end = heapAfterGc();
      double secs = (System.nanoTime() - start) / 1e9;
      report("after " + rounds + " rounds (" + String.format("%.1f", rounds / secs) + " rounds/s, every result right)",
          end);
      System.out.printf("heap after the run / after the first %d rounds: %.2f (issue 14 asks at most 2)%n",
          Math.min(FIRST, rounds), end / (double) afterFirst);
    } finally {
      Ray.shutdown();
    }
  }

  private static long heapAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }

  private static void report(String when, long heap) {
    int held = ((MinirayRuntime) Ray.internal()).references().live().size();
    System.out.printf("%s: heap %.1f MB, objects the driver's counter still holds %d%n", when, heap / 1e6, held);
  }
}
