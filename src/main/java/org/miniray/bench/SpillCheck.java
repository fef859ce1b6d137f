package org.miniray.bench;

import java.io.PrintStream;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.miniray.api.ActorHandle;
import org.miniray.api.ObjectRef;
import org.miniray.api.Ray;
import org.miniray.common.DaemonThreads;
import org.miniray.config.Keys;
import org.miniray.gcs.NodeEntry;
import org.miniray.gcs.NodeLoad;
import org.miniray.node.Node;
import org.miniray.node.TaskContext;
import org.miniray.objectstore.StoreUsage;
import org.miniray.runtime.MinirayRuntime;

/**
 * {@code make spill-check}: far more bytes of objects kept referenced at once than the object
 * stores keep in memory (issue 14: 3 GiB through 256 MiB stores, every process at {@code -Xmx1g}),
 * made every way an object arrives (a driver's {@code put}, task results, actor results), then
 * every one read back whole, by the driver and by a task on a node (a pull from another store,
 * often of a spilled object). It prints each store's usage and each process's heap.
 *
 * <p>While it runs a watcher samples every store (directly when the nodes are in this JVM, through
 * the node table's heartbeats otherwise) and keeps the most bytes any store held in memory, which
 * must never exceed its capacity. {@code SpillTest} runs the same at a small size in {@code make test}.
 */
public final class SpillCheck {
  private SpillCheck() {}

  /**
   * What a run saw.
   *
   * @param objects objects made and kept
   * @param bytes their bytes
   * @param intactOnDriver objects the driver read back byte for byte
   * @param intactOnNodes objects a task on a node read back byte for byte
   * @param capacityBytes each store's capacity
   * @param mostInMemoryBytes the most bytes any store held in memory at one sample
   * @param mostSpilledBytes the most bytes spilled, summed over the stores, at one sample
   * @param samples how many times the stores were sampled
   */
  public record Result(int objects, long bytes, int intactOnDriver, int intactOnNodes, long capacityBytes,
      long mostInMemoryBytes, long mostSpilledBytes, long samples) {}

  /** Object {@code i}'s bytes: {@code size} of them, from a generator seeded with {@code i}. */
  public static byte[] object(int i, int size) {
    byte[] b = new byte[size];
    new SplittableRandom(i * 0x9E3779B97F4A7C15L).nextBytes(b);
    return b;
  }

  /** A task: makes object {@code i}. */
  public static byte[] make(int i, int size) {
    return object(i, size);
  }

  /** A task: whether {@code b} is object {@code i}, byte for byte. */
  public static boolean intact(byte[] b, int i, int size) {
    return Arrays.equals(b, object(i, size));
  }

  /** An actor whose method results are objects too. */
  public static final class Maker {
    public byte[] make(int i, int size) {
      return object(i, size);
    }
  }

  /** A task: its node's store usage and its process's heap, after a collection. */
  public static String nodeReport() {
    Node node = TaskContext.current().node();
    return describe(node.id().value(), node.objects().store().usage());
  }

  private static String describe(String who, StoreUsage u) {
    System.gc();
    Runtime rt = Runtime.getRuntime();
    long direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
        .filter(b -> b.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
    return String.format("%-34s store: %4d objects %7.1f MB in memory (capacity %.1f MB), %4d objects %8.1f MB "
        + "spilled; heap %6.1f of %6.1f MB after a GC, direct buffers %6.1f MB", who, u.memoryCount(),
        u.memoryBytes() / 1e6, u.capacityBytes() / 1e6, u.spilledCount(), u.spilledBytes() / 1e6,
        (rt.totalMemory() - rt.freeMemory()) / 1e6, rt.maxMemory() / 1e6, direct / 1e6);
  }

  /**
   * Runs the check on the cluster {@code Ray} is initialized with: {@code totalBytes} of objects
   * of {@code objectBytes} each. {@code nodeResources} pins one report task on each node process
   * (empty when the nodes are in this JVM, whose stores are read directly).
   */
  public static Result run(long totalBytes, int objectBytes, List<String> nodeResources, PrintStream out)
      throws InterruptedException {
    MinirayRuntime runtime = (MinirayRuntime) Ray.internal();
    int n = (int) Math.max(1, totalBytes / objectBytes);
    AtomicLong mostInMemory = new AtomicLong();
    AtomicLong mostSpilled = new AtomicLong();
    AtomicLong samples = new AtomicLong();
    AtomicBoolean running = new AtomicBoolean(true);
    Thread watcher = DaemonThreads.named("spill-check-watcher").newThread(() -> {
      while (running.get()) {
        long spilled = 0;
        for (StoreUsage u : usages(runtime)) {
          mostInMemory.accumulateAndGet(u.memoryBytes(), Math::max);
          spilled += u.spilledBytes();
        }
        mostSpilled.accumulateAndGet(spilled, Math::max);
        samples.incrementAndGet();
        try {
          TimeUnit.MILLISECONDS.sleep(5); // a sampling period, not a wait for anything
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    watcher.start();
    long start = System.nanoTime();
    List<ObjectRef<byte[]>> refs = new ArrayList<>(n);
    int intactOnDriver = 0;
    int intactOnNodes = 0;
    try {
      ActorHandle<Maker> maker = Ray.actor(Maker::new).remote();
      for (int i = 0; i < n; i++) {
        refs.add(switch (i % 3) {
          case 0 -> Ray.put(object(i, objectBytes));
          case 1 -> Ray.task(SpillCheck::make, i, objectBytes).remote();
          default -> maker.task(Maker::make, i, objectBytes).remote();
        });
      }
      Ray.wait(refs, n, 600_000);
      out.printf("made %d objects of %.1f MB (%.2f GB) in %.1f s%n", n, objectBytes / 1e6, (double) n * objectBytes / 1e9,
          (System.nanoTime() - start) / 1e9);
      for (int i = 0; i < n; i++) {
        if (Arrays.equals(refs.get(i).get(600_000), object(i, objectBytes))) {
          intactOnDriver++;
        }
      }
      List<ObjectRef<Boolean>> checks = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        checks.add(Ray.task(SpillCheck::intact, refs.get(i), i, objectBytes).remote());
      }
      for (ObjectRef<Boolean> c : checks) {
        if (c.get(600_000)) {
          intactOnNodes++;
        }
      }
      out.printf("read back: %d of %d intact on the driver, %d of %d intact in tasks on the nodes (%.1f s in all)%n",
          intactOnDriver, n, intactOnNodes, n, (System.nanoTime() - start) / 1e9);
      out.println(describe("driver " + runtime.driverNode().id().value(), runtime.driverNode().objects().store().usage()));
      if (runtime.deployment() instanceof org.miniray.runtime.EmbeddedCluster cluster) {
        for (Node node : cluster.nodes()) {
          out.println(describe(node.id().value(), node.objects().store().usage()) + " (heap: this JVM's)");
        }
      }
      for (String resource : nodeResources) {
        out.println(Ray.task(SpillCheck::nodeReport).setResource(resource, 1.0).remote().get(60_000));
      }
    } finally {
      running.set(false);
      watcher.join();
    }
    long capacity = runtime.deployment().config().get(Keys.OBJECT_STORE_CAPACITY);
    Result r = new Result(n, (long) n * objectBytes, intactOnDriver, intactOnNodes, capacity, mostInMemory.get(),
        mostSpilled.get(), samples.get());
    out.printf("stores sampled %d times: at most %.1f MB in memory in any store (capacity %.1f MB), at most %.1f MB "
        + "spilled in all%n", r.samples(), r.mostInMemoryBytes() / 1e6, capacity / 1e6, r.mostSpilledBytes() / 1e6);
    return r;
  }

  /** Every store's usage now: read directly for the nodes in this JVM, from the node table for the others. */
  private static List<StoreUsage> usages(MinirayRuntime runtime) {
    List<StoreUsage> all = new ArrayList<>();
    if (runtime.deployment() instanceof org.miniray.runtime.EmbeddedCluster cluster) {
      for (Node node : cluster.nodes()) {
        all.add(node.objects().store().usage());
      }
      return all;
    }
    all.add(runtime.driverNode().objects().store().usage());
    try {
      for (NodeEntry e : runtime.deployment().gcs().nodeTable().all().get(10, TimeUnit.SECONDS)) {
        NodeLoad l = e.load();
        if (e.alive() && l != null) {
          all.add(new StoreUsage(l.storeCapacityBytes(), l.objectCount(), l.storeBytes(), l.spilledCount(),
              l.spilledBytes()));
        }
      }
    } catch (Exception e) {
      // a sample missed; the next one reads again
    }
    return all;
  }

  /**
   * {@code SpillCheck [embedded|cluster] [total MiB] [object MiB] [capacity MiB]}, by default as the
   * issue states it: embedded, 3072 MiB of 16 MiB objects, 256 MiB stores. Exits 1 when an object did not read back or a
   * store held more than its capacity in memory.
   */
  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "embedded";
    long total = (args.length > 1 ? Long.parseLong(args[1]) : 3072) << 20;
    int object = (args.length > 2 ? Integer.parseInt(args[2]) : 16) << 20;
    long capacity = (args.length > 3 ? Long.parseLong(args[3]) : 256) << 20;
    Map<String, String> config = new LinkedHashMap<>();
    config.put(Keys.OBJECT_STORE_CAPACITY.name(), Long.toString(capacity));
    System.out.printf("spill check, %s: %.2f GB of %.1f MB objects kept referenced through %.1f MB stores; "
        + "this JVM's heap at most %.1f MB%n", mode, total / 1e9, object / 1e6, capacity / 1e6,
        Runtime.getRuntime().maxMemory() / 1e6);
    Result r;
    switch (mode) {
      case "embedded" -> {
        config.put(Keys.NODES.name(), "2");
        Ray.init(config);
        try {
          r = run(total, object, List.of(), System.out);
        } finally {
          Ray.shutdown();
        }
      }
      case "cluster" -> {
        ClusterBenchCluster cluster = new ClusterBenchCluster(config, List.of(), List.of(
            "{\"" + ClusterBenchCluster.FAR + "\": 1}"), List.of("--object-store-memory", Long.toString(capacity)));
        cluster.start();
        try {
          r = run(total, object, List.of(ClusterBenchCluster.NEAR, ClusterBenchCluster.FAR), System.out);
        } finally {
          cluster.stop();
        }
      }
      default -> throw new IllegalArgumentException("mode is embedded or cluster, not '" + mode + "'");
    }
    boolean ok = r.intactOnDriver() == r.objects() && r.intactOnNodes() == r.objects()
        && r.mostInMemoryBytes() <= r.capacityBytes() && r.mostSpilledBytes() > 0;
    System.out.println(ok ? "PASS: every object read back intact; no store went over its capacity"
        : "FAIL: " + r);
    System.exit(ok ? 0 : 1);
  }
}
