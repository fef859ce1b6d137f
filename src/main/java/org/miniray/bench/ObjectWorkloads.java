package org.miniray.bench;

import com.google.common.base.Ticker;
import java.util.Map;
import java.util.SplittableRandom;
import org.miniray.api.ObjectRef;
import org.miniray.api.Ray;

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
      long t0 = ticker.read();
      for (int i = 0; i < sizes.smallObjects(); i++) {
        Ray.put(i);
      }
      return Round.rate(sizes.smallObjects(), ticker.read() - t0);
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

    PutGigabytes() {
      super("single_client_put_gigabytes", "GB/s", true, Goal.atLeast(7), 19.9);
    }

    @Override
    public void setUp(Sizes sizes) {
      big = randomBytes(sizes.bigBytes());
    }

    @Override
    public Round round(Sizes sizes, Ticker ticker) {
      long t0 = ticker.read();
      for (int i = 0; i < sizes.bigPutsPerRound(); i++) {
        Ray.put(big);
      }
      return Round.rate((double) sizes.bigPutsPerRound() * big.length / 1e9, ticker.read() - t0);
    }

    @Override
    public void tearDown() {
      big = null;
    }
  }

  /**
   * A large object put on the driver's node, then pulled by a task that only the other node can
   * run (it asks for the custom resource {@code far}): GB/s of submit, pull, deserialize and
   * reply. A fresh object each round, made outside the timing, so nothing is already there.
   */
  static final class NodeToNodeGigabytes extends NamedWorkload {
    static final String FAR = "far";

    NodeToNodeGigabytes() {
      super("node_to_node_gigabytes", "GB/s", true, Goal.atLeast(2), null);
    }

    @Override
    public Map<String, String> clusterConfig() {
      return Map.of("miniray.nodes", "2", "miniray.node.1.resources", "CPU=1," + FAR + "=1");
    }

    @Override
    public Round round(Sizes sizes, Ticker ticker) {
      ObjectRef<byte[]> ref = Ray.put(randomBytes(sizes.bigBytes()));
      long t0 = ticker.read();
      int n = Ray.get(Ray.task(Remote::length, ref).setResource(FAR, 1.0).remote());
      long took = ticker.read() - t0;
      if (n != sizes.bigBytes()) {
        throw new IllegalStateException("the far task saw " + n + " bytes, expected " + sizes.bigBytes());
      }
      return Round.rate(n / 1e9, took);
    }
  }

  static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    new SplittableRandom(n).nextBytes(b);
    return b;
  }
}
