package org.miniray.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.miniray.api.ActorHandle;
import org.miniray.api.ObjectRef;
import org.miniray.api.Ray;
import org.miniray.api.exception.RayTaskException;

/**
 * Seeing the system: runs a tiny job on two nodes (tasks joined by futures, a task that submits
 * tasks, an actor, a failure) and writes its computation graph ({@code target/graph.svg},
 * {@code target/graph.dot}, {@code target/graph.json}) and its timeline ({@code target/trace.json},
 * for ui.perfetto.dev). The first argument, if any, is the output directory.
 */
public final class GraphDemo {
  private GraphDemo() {}

  public static int square(int x) {
    return x * x;
  }

  public static int add(int a, int b) {
    return a + b;
  }

  /** Submits one task per square: control edges from here to each. */
  public static int sumOfSquares(int n) {
    List<ObjectRef<Integer>> parts = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      parts.add(Ray.task(GraphDemo::square, i).remote());
    }
    int sum = 0;
    for (int p : Ray.get(parts)) {
      sum += p;
    }
    return sum;
  }

  public static int checkPositive(int x) {
    if (x > 0) {
      throw new IllegalArgumentException("expected a negative number, got " + x);
    }
    return x;
  }

  /** An actor: its calls are chained by stateful edges. */
  public static final class Accumulator {
    private int total;

    public Accumulator(int start) {
      total = start;
    }

    public int add(int x) {
      total += x;
      return total;
    }
  }

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "target");
    // Threshold 0: a node forwards a task whenever another waits there, so both nodes get work.
    Ray.init(Map.of("miniray.nodes", "2", "miniray.node.resources", "CPU=2",
        "miniray.scheduler.local.queue.threshold", "0"));
    try {
      ObjectRef<Integer> a = Ray.task(GraphDemo::square, 3).remote();
      ObjectRef<Integer> b = Ray.task(GraphDemo::square, 4).remote();
      ObjectRef<Integer> c = Ray.task(GraphDemo::add, a, b).remote();
      ObjectRef<Integer> d = Ray.task(GraphDemo::sumOfSquares, 3).remote();
      ActorHandle<Accumulator> acc = Ray.actor(Accumulator::new, 0).remote();
      acc.task(Accumulator::add, c).remote();
      acc.task(Accumulator::add, d).remote();
      ObjectRef<Integer> total = acc.task(Accumulator::add, Ray.put(100)).remote();
      ObjectRef<Integer> bad = Ray.task(GraphDemo::checkPositive, c).remote();
      ObjectRef<Integer> after = Ray.task(GraphDemo::add, bad, total).remote();
      System.out.println("accumulated: " + total.get() + " (25 + 14 + 100 = 139)");
      try {
        after.get();
      } catch (RayTaskException e) {
        System.out.println("failed as planned: " + e.getMessage().lines().findFirst().orElse(""));
      }
      Files.createDirectories(out);
      write(out.resolve("graph.svg"), Ray.graph("svg"));
      write(out.resolve("graph.dot"), Ray.graph("dot"));
      write(out.resolve("graph.json"), Ray.graph("json"));
      write(out.resolve("trace.json"), Ray.timeline());
    } finally {
      Ray.shutdown();
    }
  }

  private static void write(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
    System.out.println("wrote " + file + " (" + text.length() + " characters)");
  }
}
