package org.miniray.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.miniray.api.ActorHandle;
import org.miniray.api.ObjectRef;
import org.miniray.api.Ray;

/**
 * A driver program for {@link ManyDriversTest}, run in its own JVM beside five others: 2,000 small
 * asynchronous tasks and 200 calls to an actor of its own, every result checked. It prints
 * {@code ok} and exits 0, or prints what went wrong and exits 1.
 */
public final class BusyDriver {
  private BusyDriver() {}

  public static long square(long x) {
    return x * x;
  }

  /** An actor whose calls must run in order: each returns the running total. */
  public static final class Total {
    private long sum;

    public long add(long x) {
      sum += x;
      return sum;
    }
  }

  /** Arguments: the head's address, the token file, how many tasks, how many actor calls. */
  public static void main(String[] args) {
    int tasks = Integer.parseInt(args[2]);
    int calls = Integer.parseInt(args[3]);
    try {
      Ray.init(Map.of("miniray.address", args[0], "miniray.cluster.token.file", args[1]));
      List<ObjectRef<Long>> squares = new ArrayList<>();
      for (long i = 0; i < tasks; i++) {
        squares.add(Ray.task(BusyDriver::square, i).remote());
      }
      ActorHandle<Total> total = Ray.actor(Total::new).remote();
      List<ObjectRef<Long>> totals = new ArrayList<>();
      for (long i = 1; i <= calls; i++) {
        totals.add(total.task(Total::add, i).remote());
      }
      List<Long> got = Ray.get(squares, 300_000);
      for (int i = 0; i < tasks; i++) {
        if (got.get(i) != (long) i * i) {
          throw new AssertionError("task " + i + " returned " + got.get(i));
        }
      }
      List<Long> sums = Ray.get(totals, 300_000);
      for (int i = 1; i <= calls; i++) {
        if (sums.get(i - 1) != (long) i * (i + 1) / 2) {
          throw new AssertionError("call " + i + " returned " + sums.get(i - 1));
        }
      }
      shutDownAndExit(null);
    } catch (Throwable t) {
      shutDownAndExit(t);
    }
  }

  /** How the test drivers end: with no {@code failure}, shut down, print ok and exit 0; else print it and exit 1. */
  static void shutDownAndExit(Throwable failure) {
    if (failure == null) {
      Ray.shutdown();
      System.out.println("ok");
      System.exit(0);
    }
    System.out.println("failed: " + failure);
    failure.printStackTrace(System.out);
    System.exit(1);
  }
}
