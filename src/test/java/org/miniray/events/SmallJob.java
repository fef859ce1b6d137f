package org.miniray.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.miniray.api.ActorHandle;
import org.miniray.api.ObjectRef;
import org.miniray.api.Ray;
import org.miniray.api.exception.RayTaskException;

/**
 * A job with every kind of edge, each task named so tests can find it: a and b feed c (data);
 * p submits p1 and p2 (control); the actor acc runs m1, m2, m3 (stateful); f fails on c and g
 * fails because its input f did.
 */
public final class SmallJob {
  public static final List<String> NORMAL = List.of("a", "b", "c", "p", "p1", "p2", "f", "g");
  public static final List<String> METHODS = List.of("m1", "m2", "m3");

  private SmallJob() {}

  /** Two nodes, and a threshold of 0 so both get tasks. */
  public static Map<String, String> config() {
    return Map.of("miniray.nodes", "2", "miniray.node.resources", "CPU=2",
        "miniray.scheduler.local.queue.threshold", "0");
  }

  static int square(int x) {
    return x * x;
  }

  static int add(int a, int b) {
    return a + b;
  }

  static int parent(int n) {
    List<ObjectRef<Integer>> kids = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      kids.add(Ray.task(SmallJob::square, i).setName("p" + i).remote());
    }
    return Ray.get(kids).stream().mapToInt(Integer::intValue).sum();
  }

  static int fail(int x) {
    throw new IllegalStateException("planned failure on " + x);
  }

  public static final class Acc {
    private int total;

    public Acc(int start) {
      total = start;
    }

    public int add(int x) {
      total += x;
      return total;
    }
  }

  /** Runs the job to the end on an initialized cluster. */
  public static void run() {
    ObjectRef<Integer> a = Ray.task(SmallJob::square, 3).setName("a").remote();
    ObjectRef<Integer> b = Ray.task(SmallJob::square, 4).setName("b").remote();
    ObjectRef<Integer> c = Ray.task(SmallJob::add, a, b).setName("c").remote();
    ObjectRef<Integer> p = Ray.task(SmallJob::parent, 2).setName("p").remote();
    ActorHandle<Acc> acc = Ray.actor(Acc::new, 0).setName("acc").remote();
    acc.task(Acc::add, c).setName("m1").remote();
    acc.task(Acc::add, 1).setName("m2").remote();
    ObjectRef<Integer> m3 = acc.task(Acc::add, 2).setName("m3").remote();
    ObjectRef<Integer> f = Ray.task(SmallJob::fail, c).setName("f").remote();
    ObjectRef<Integer> g = Ray.task(SmallJob::add, f, m3).setName("g").remote();
    if (m3.get() != 28 || p.get() != 5) {
      throw new AssertionError("the small job computed wrong values");
    }
    try {
      g.get();
      throw new AssertionError("g should have failed");
    } catch (RayTaskException expected) {
      // f's failure reached g
    }
  }
}
