package org.miniray.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.miniray.api.ObjectRef;
import org.miniray.api.Ray;

/**
 * A driver program of chains of dependent tasks, run in its own JVM: {@code chains} chains of
 * {@code length} tasks of {@code millis} ms, each adding one to its predecessor's result. It
 * prints how long the job took and {@code ok} when every chain ends at its length, and exits 0;
 * otherwise it prints what went wrong and exits 1.
 */
public final class ChainDriver {
  private ChainDriver() {}

  public static int next(int previous, long millis) throws InterruptedException {
    Thread.sleep(millis);
    return previous + 1;
  }

  /** Arguments: the head's address, the token file, chains, length, milliseconds per task. */
  public static void main(String[] args) {
    int chains = Integer.parseInt(args[2]);
    int length = Integer.parseInt(args[3]);
    long millis = Long.parseLong(args[4]);
    try {
      Ray.init(Map.of("miniray.address", args[0], "miniray.cluster.token.file", args[1]));
      long start = System.nanoTime();
      List<ObjectRef<Integer>> ends = new ArrayList<>();
      for (int c = 0; c < chains; c++) {
        ObjectRef<Integer> last = Ray.put(0);
        for (int i = 0; i < length; i++) {
          last = Ray.task(ChainDriver::next, last, millis).remote();
        }
        ends.add(last);
      }
      System.out.println("submitted");
      List<Integer> got = Ray.get(ends, 600_000);
      for (int c = 0; c < chains; c++) {
        if (got.get(c) != length) {
          throw new AssertionError("chain " + c + " ended at " + got.get(c));
        }
      }
      System.out.printf("done in %.1f s%n", (System.nanoTime() - start) / 1e9);
      BusyDriver.shutDownAndExit(null);
    } catch (Throwable t) {
      BusyDriver.shutDownAndExit(t);
    }
  }
}
