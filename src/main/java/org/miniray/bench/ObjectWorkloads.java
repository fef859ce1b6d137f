package org.miniray.bench;

import com.google.common.base.Ticker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.miniray.api.ObjectRef;
import org.miniray.api.Ray;
import org.miniray.id.ObjectId;

/** The object workloads: small puts and gets, large puts, and a large object pulled across nodes. */
final class ObjectWorkloads {
  private ObjectWorkloads() {}

  /** {@code Ray.put} of a small object, repeated. */
  static final class PutCalls extends NamedWorkload {
    PutCalls() {
      super("single_client_put_calls", "puts/s", true, Goal.atLeast(20_000), 5_173.0);
    }

    @Override
    public Round round(Sizes sizes, Ticker ticker) {
      return Round.timed(ticker, sizes.smallObjects(), () -> {
        for (int i = 0; i < sizes.smallObjects(); i++) {
          Ray.put(i);
        }
      });
    }
  }

  /** {@code Ray.get} of one small object that is already local, repeated. */
  static final class GetCalls extends NamedWorkload {
    private ObjectRef<Integer> ref;

    GetCalls() {
      super("single_client_get_calls", "gets/s", true, null, null);
    }

    @Override
    public void setUp(Sizes sizes) {
      ref = Ray.put(12_345);
    }

    @Override
    public Round round(Sizes sizes, Ticker ticker) {
      long t0 = ticker.read();
      long sum = 0;
      for (int i = 0; i < sizes.smallObjects(); i++) {
        sum += Ray.get(ref);
      }
      long took = ticker.read() - t0;
      if (sum != 12_345L * sizes.smallObjects()) {
        throw new IllegalStateException("get returned a wrong value");
      }
      return Round.rate(sizes.smallObjects(), took);
    }
  }

  /** {@code Ray.put} of a large byte array, repeated: GB/s (1 GB = 1e9 bytes). */
  static final class PutGigabytes extends NamedWorkload {
    private byte[] big;
    private long[] bigLongs;
    private double[] bigDoubles;

    PutGigabytes() {
      super("single_client_put_gigabytes", "GB/s", true, Goal.atLeast(7), 19.9);
    }

    @Override
    public String note() {
      return "put copies the byte[] into the store (as Ray's put does), so the headline is a copy rate; each ref is "
          + "dropped at once and its object freed by reference counting once the collector sees it (after each "
          + "round, outside the timing, the round waits until every object it put is freed); extras long_array_GB_s "
          + "and double_array_GB_s put a long[] and a double[] of the same size, which the store copies straight into "
          + "its off-heap slabs (the raw array encoding)";
    }

    @Override
    public void setUp(Sizes sizes) {
      big = randomBytes(sizes.bigBytes());
      bigLongs = randomLongs(sizes.bigBytes());
      bigDoubles = randomDoubles(sizes.bigBytes());
    }

    @Override
    public Round round(Sizes sizes, Ticker ticker) {
      List<ObjectId> put = new ArrayList<>();
      long t0 = ticker.read();
      for (int i = 0; i < sizes.bigPutsPerRound(); i++) {
        put.add(Freed.idOf(Ray.put(big))); // the ref dies here
      }
      long bytesTook = ticker.read() - t0;
      long t1 = ticker.read();
      put.add(Freed.idOf(Ray.put(bigLongs)));
      long longsTook = ticker.read() - t1;
      long t2 = ticker.read();
      put.add(Freed.idOf(Ray.put(bigDoubles)));
      long doublesTook = ticker.read() - t2;
      Freed.await(put);
      return new Round((double) sizes.bigPutsPerRound() * big.length / 1e9 / (bytesTook / 1e9),
          Map.of("long_array_GB_s", bigLongs.length * (double) Long.BYTES / 1e9 / (longsTook / 1e9),
              "double_array_GB_s", bigDoubles.length * (double) Double.BYTES / 1e9 / (doublesTook / 1e9)));
    }

    @Override
    public void tearDown() {
      big = null;
      bigLongs = null;
      bigDoubles = null;
    }
  }

  /**
   * A large object pulled from one node by a task on another. Embedded: put on the driver's node,
   * pulled by a task that only the other node can run (it asks for the custom resource
   * {@code far}). Cluster: made by a task on the node process ({@code far}), then pulled by a task
   * on the head process ({@code near}), so the bytes really cross between the two processes.
   * GB/s of submit, pull, deserialize and reply. A fresh object each round, made outside the
   * timing, so nothing is already there.
   */
  static final class NodeToNodeGigabytes extends NamedWorkload {
    static final String FAR = ClusterBenchCluster.FAR;
    static final String NEAR = ClusterBenchCluster.NEAR;
    private BenchMode mode = BenchMode.EMBEDDED;

    NodeToNodeGigabytes() {
      super("node_to_node_gigabytes", "GB/s", true, Goal.atLeast(2), null);
    }

    @Override
    public void useMode(BenchMode mode) {
      this.mode = mode;
    }

    @Override
    public String note() {
      if (mode == BenchMode.CLUSTER) {
        return "made by a task on the node process, pulled over loopback TCP by a task on the head process "
            + "(submit, pull, deserialize, reply); extra long_array_GB_s does the same with a long[]";
      }
      return "embedded nodes are in one JVM: the pulling node gets one copy out of the putting node's store (a put "
          + "keeps large objects in reused off-heap slabs), no socket; the headline is 100 MB over the time to place "
          + "a task on the other node, copy and reply; extra long_array_GB_s pulls a long[] of the same size (kept "
          + "on the heap, handed over by reference), which the far task must deserialize";
    }

    @Override
    public Map<String, String> clusterConfig() {
      return Map.of("miniray.nodes", "2", "miniray.node.1.resources", "CPU=1," + FAR + "=1");
    }

    @Override
    public Round round(Sizes sizes, Ticker ticker) {
      return mode == BenchMode.CLUSTER ? acrossProcesses(sizes, ticker) : embedded(sizes, ticker);
    }

    private Round embedded(Sizes sizes, Ticker ticker) {
      ObjectRef<byte[]> ref = Ray.put(randomBytes(sizes.bigBytes()));
      long t0 = ticker.read();
      int n = Ray.get(Ray.task(Remote::length, ref).setResource(FAR, 1.0).remote());
      long took = ticker.read() - t0;
      ObjectRef<long[]> longs = Ray.put(randomLongs(sizes.bigBytes()));
      long t1 = ticker.read();
      int m = Ray.get(Ray.task(Remote::lengthInBytes, longs).setResource(FAR, 1.0).remote());
      long longsTook = ticker.read() - t1;
      Ray.internal().free(List.of(ref, longs), false);
      return result(sizes, n, took, m, longsTook);
    }

    private Round acrossProcesses(Sizes sizes, Ticker ticker) {
      // Made on the node process; a task there reads it, so it exists before the clock starts.
      ObjectRef<byte[]> ref = Ray.task(Remote::randomBytes, sizes.bigBytes()).setResource(FAR, 1.0).remote();
      Ray.get(Ray.task(Remote::length, ref).setResource(FAR, 1.0).remote());
      long t0 = ticker.read();
      int n = Ray.get(Ray.task(Remote::length, ref).setResource(NEAR, 1.0).remote());
      long took = ticker.read() - t0;
      ObjectRef<long[]> longs = Ray.task(Remote::randomLongs, sizes.bigBytes()).setResource(FAR, 1.0).remote();
      Ray.get(Ray.task(Remote::lengthInBytes, longs).setResource(FAR, 1.0).remote());
      long t1 = ticker.read();
      int m = Ray.get(Ray.task(Remote::lengthInBytes, longs).setResource(NEAR, 1.0).remote());
      long longsTook = ticker.read() - t1;
      Ray.internal().free(List.of(ref, longs), false);
      return result(sizes, n, took, m, longsTook);
    }

    private static Round result(Sizes sizes, int n, long took, int m, long longsTook) {
      if (n != sizes.bigBytes() || m != sizes.bigBytes() / Long.BYTES * Long.BYTES) {
        throw new IllegalStateException("the far task saw " + n + " and " + m + " bytes, expected " + sizes.bigBytes());
      }
      return new Round(n / 1e9 / (took / 1e9), Map.of("long_array_GB_s", m / 1e9 / (longsTook / 1e9)));
    }
  }

  /** As many longs as fit in {@code bytes} bytes. */
  static long[] randomLongs(int bytes) {
    return new SplittableRandom(bytes).longs(bytes / Long.BYTES).toArray();
  }

  /** As many doubles as fit in {@code bytes} bytes. */
  static double[] randomDoubles(int bytes) {
    return new SplittableRandom(bytes).doubles(bytes / Double.BYTES).toArray();
  }

  static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    new SplittableRandom(n).nextBytes(b);
    return b;
  }

  /**
   * Issue 14's churn loop: a task returns a 1 MiB byte[], a second task reads it once, the driver
   * checks the answer, and both refs are dropped; rounds per second. Nothing is freed by hand:
   * reference counting frees both objects once the collector sees their refs die.
   */
  static final class Churn extends NamedWorkload {
    static final int BYTES = 1 << 20;

    Churn() {
      super("task_churn_rounds", "rounds/s", true, null, null);
    }

    @Override
    public String note() {
      return "a 1 MiB task result read once by a second task, then both refs dropped and freed by counting";
    }

    @Override
    public Round round(Sizes sizes, Ticker ticker) {
      int n = Math.max(2, sizes.syncCalls() / 10);
      return Round.timed(ticker, n, () -> {
        for (int i = 0; i < n; i++) {
          churnOnce(i);
        }
      });
    }

    /** One round of the loop; throws if the second task read a wrong value. */
    static void churnOnce(int i) {
      byte fill = (byte) i;
      ObjectRef<byte[]> made = Ray.task(Remote::filled, BYTES, fill).remote();
      int read = Ray.get(Ray.task(Remote::lengthIfFilled, made, fill).remote());
      if (read != BYTES) {
        throw new IllegalStateException("churn round " + i + " read " + read + " instead of " + BYTES + " bytes of " + fill);
      }
    }
  }
}
