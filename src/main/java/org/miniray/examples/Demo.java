package org.miniray.examples;

import java.util.Arrays;
import java.util.List;
import org.miniray.api.Ray;

/** {@code make run}: the lecture's two applications on an embedded cluster, with checks and timings. */
public final class Demo {
  private Demo() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 4_000_000;
    Ray.init();
    try {
      String address = System.getProperty("miniray.address", "");
      System.out.println(address.isEmpty()
          ? "miniray demo on an embedded cluster (" + Runtime.getRuntime().availableProcessors() + " CPUs)"
          : "miniray demo on the cluster at " + address);
      sortDemo(n);
      trainingDemo();
    } finally {
      Ray.shutdown();
    }
  }

  private static void sortDemo(int n) {
    System.out.printf("%n1. Parallel sort with tasks: %,d random ints, 8 sort tasks, then a tree of merge tasks%n", n);
    int[] data = ParallelSort.randomInput(n, 42);
    ParallelSort.sort(ParallelSort.randomInput(100_000, 1), 8); // warm up the JIT and the runtime
    long t0 = System.nanoTime();
    int[] sorted = ParallelSort.sort(data, 8);
    long parallel = System.nanoTime() - t0;
    int[] expected = data.clone();
    t0 = System.nanoTime();
    Arrays.sort(expected);
    long serial = System.nanoTime() - t0;
    boolean ok = ParallelSort.isSorted(sorted) && Arrays.equals(sorted, expected);
    System.out.printf("   sorted: %s (same as Arrays.sort: %s)%n", ParallelSort.isSorted(sorted),
        Arrays.equals(sorted, expected));
    System.out.printf("   time: %d ms with tasks, %d ms with one Arrays.sort%n", parallel / 1_000_000,
        serial / 1_000_000);
    int cpus = Runtime.getRuntime().availableProcessors();
    // Why the times are what they are: the tasks do the same comparisons as Arrays.sort, plus a
    // copy of every piece into and out of the object store and log2(8) = 3 merge passes.
    System.out.printf("   why: the 8 pieces are sorted at most %d at a time on this machine's %d CPUs, and every "
        + "piece is copied into the object store and out again, then merged in 3 passes; %s%n", cpus, cpus,
        cpus <= 2 ? "on 2 CPUs that overhead outweighs the parallelism, so the tasks are not faster than one "
            + "Arrays.sort; only a machine with more CPUs gives the sort tasks room to run side by side"
            : "with " + cpus + " CPUs the sort tasks run side by side, which the copies and merges eat into");
    if (!ok) {
      throw new IllegalStateException("the parallel sort gave a wrong answer");
    }
  }

  private static void trainingDemo() {
    int steps = 40;
    System.out.printf("%n2. Data-parallel training with actors: a parameter server, 4 worker actors, "
        + "%d SGD steps on a 20-feature linear regression%n", steps);
    long t0 = System.nanoTime();
    List<Double> losses = ParameterServer.train(steps, 5_000, 20);
    long took = System.nanoTime() - t0;
    for (int i = 0; i < losses.size(); i += 10) {
      System.out.printf("   step %2d: loss %.5f%n", i, losses.get(i));
    }
    double first = losses.get(0);
    double last = losses.get(losses.size() - 1);
    System.out.printf("   step %2d: loss %.5f%n", losses.size() - 1, last);
    System.out.printf("   loss falling: %s (%.4f -> %.5f); time: %d ms (%.1f ms per step)%n", last < first / 10,
        first, last, took / 1_000_000, took / 1e6 / steps);
    if (!(last < first / 10)) {
      throw new IllegalStateException("training did not reduce the loss tenfold");
    }
  }
}
