package org.miniray.bench;

import java.util.ArrayList;
import java.util.List;
import org.miniray.api.ObjectRef;
import org.miniray.api.Ray;

/** The functions and the actor the workloads run remotely: as small as Ray's {@code small_value}. */
public final class Remote {
  private Remote() {}

  public static int noop() {
    return 0;
  }

  /** Touches the pulled object so the pull cannot be skipped. */
  /** A fresh array of {@code n} bytes, each {@code fill}: a task result the churn workload checks. */
  public static byte[] filled(int n, byte fill) {
    byte[] b = new byte[n];
    java.util.Arrays.fill(b, fill);
    return b;
  }

  /** Whether every byte of {@code bytes} is {@code fill}; its length if so, else -1. */
  public static int lengthIfFilled(byte[] bytes, byte fill) {
    for (byte x : bytes) {
      if (x != fill) {
        return -1;
      }
    }
    return bytes.length;
  }

  public static int length(byte[] bytes) {
    return bytes.length;
  }

  /** A fresh object made where the task runs (cluster mode's {@code node_to_node_gigabytes}). */
  public static byte[] randomBytes(int n) {
    return ObjectWorkloads.randomBytes(n);
  }

  public static long[] randomLongs(int bytes) {
    return ObjectWorkloads.randomLongs(bytes);
  }

  public static int lengthInBytes(long[] longs) {
    return longs.length * Long.BYTES;
  }

  /** The root of {@code nested_fanout}: {@code k} children that each submit {@code k}; returns the task count. */
  public static int fanoutRoot(int k) {
    List<ObjectRef<Integer>> mids = new ArrayList<>(k);
    for (int i = 0; i < k; i++) {
      mids.add(Ray.task(Remote::fanoutMid, k).remote());
    }
    int n = 1;
    for (int m : Ray.get(mids)) {
      n += m;
    }
    return n;
  }

  public static int fanoutMid(int k) {
    List<ObjectRef<Integer>> leaves = new ArrayList<>(k);
    for (int i = 0; i < k; i++) {
      leaves.add(Ray.task(Remote::noop).remote());
    }
    Ray.get(leaves);
    return 1 + k;
  }

  /** The actor of the actor-call workloads. */
  public static final class Counter {
    private int calls;

    public int noop() {
      return 0;
    }

    public int increment() {
      return ++calls;
    }
  }
}
