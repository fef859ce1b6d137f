package org.miniray.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.miniray.function.JavaSources;

/**
 * Issue 3's "worker nodes need no copy of the user's jar": a driver program compiled here, into a
 * directory that only its own JVM has on its classpath. Its tasks, nested tasks and an actor pass
 * values of its own classes and read a resource of its own.
 */
final class ShippedJob {
  private ShippedJob() {}

  private static final String JOB = """
      package shipped.job;

      import java.io.IOException;
      import java.io.InputStream;
      import java.io.UncheckedIOException;
      import java.util.ArrayList;
      import java.util.List;
      import java.util.Map;
      import org.miniray.api.ActorHandle;
      import org.miniray.api.ObjectRef;
      import org.miniray.api.Ray;

      public final class Job {
        public record Point(int x, int y) {}

        public static Point scale(Point p, int k) { return new Point(p.x() * k, p.y() * k); }

        public static int square(int x) { return x * x; }

        // runs on a node, and submits tasks of this same shipped class from there
        public static int sumOfSquares(int n) {
          List<ObjectRef<Integer>> refs = new ArrayList<>();
          for (int i = 1; i <= n; i++) {
            refs.add(Ray.task(Job::square, i).remote());
          }
          int s = 0;
          for (int v : Ray.get(refs)) {
            s += v;
          }
          return s;
        }

        public static long pid() { return ProcessHandle.current().pid(); }

        public static int resourceBytes() {
          try (InputStream in = Job.class.getResourceAsStream("words.txt")) {
            return in.readAllBytes().length;
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }

        public static final class Tally {
          private final List<Point> points = new ArrayList<>();

          public Tally() {}

          public int add(Point p) {
            points.add(p);
            return points.size();
          }

          public Point total() {
            return new Point(points.stream().mapToInt(Point::x).sum(), points.stream().mapToInt(Point::y).sum());
          }
        }

        public static void main(String[] args) {
          long t0 = System.nanoTime();
          Ray.init(Map.of("miniray.address", args[0], "miniray.cluster.token.file", args[1]));
          try {
            System.out.println((System.nanoTime() - t0) / 1_000_000 + " ms " + "scale=" + Ray.task(Job::scale, new Point(2, 3), 10).remote().get(60_000));
            System.out.println((System.nanoTime() - t0) / 1_000_000 + " ms " + "nested=" + Ray.task(Job::sumOfSquares, 4).remote().get(60_000));
            ActorHandle<Tally> t = Ray.actor(Tally::new).remote();
            for (int i = 1; i <= 3; i++) {
              t.task(Tally::add, new Point(i, 10 * i)).remote();
            }
            System.out.println((System.nanoTime() - t0) / 1_000_000 + " ms " + "tally=" + t.task(Tally::total).remote().get(60_000));
            System.out.println((System.nanoTime() - t0) / 1_000_000 + " ms " + "resource=" + Ray.task(Job::resourceBytes).remote().get(60_000));
            List<ObjectRef<Long>> pids = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
              pids.add(Ray.task(Job::pid).remote());
            }
            System.out.println((System.nanoTime() - t0) / 1_000_000 + " ms " + "pids=" + Ray.get(pids, 60_000) + " driver=" + ProcessHandle.current().pid());
            System.out.println((System.nanoTime() - t0) / 1_000_000 + " ms done");
          } finally {
            Ray.shutdown();
          }
        }
      }
      """;

  /**
   * Compiles the job into {@code dir}, runs it as a driver JVM of the cluster at {@code head}
   * (this JVM's classpath plus the job's classes), checks what it printed and returns it.
   */
  static String runAndCheck(Path dir, String head, Path tokenFile) throws Exception {
    Path classes = JavaSources.compile(dir, Map.of("shipped.job.Job", JOB));
    Files.writeString(classes.resolve("shipped/job/words.txt"), "shipped with the job\n");
    // The cluster's processes were started with this JVM's classpath, which lacks the job.
    assertThatThrownBy(() -> Class.forName("shipped.job.Job")).isInstanceOf(ClassNotFoundException.class);
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path") + File.pathSeparator + classes,
        "shipped.job.Job", head, tokenFile.toString()));
    Path out = dir.resolve("driver.out");
    Process driver = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    boolean finished = driver.waitFor(180, TimeUnit.SECONDS);
    if (!finished) {
      driver.destroyForcibly();
    }
    String printed = Files.readString(out, StandardCharsets.UTF_8);
    System.out.println("the shipped job's driver printed:\n" + printed);
    assertThat(finished).as("the driver finished within 180 s; it printed:%n%s", printed).isTrue();
    assertThat(driver.exitValue()).as("the driver's exit code; it printed:%n%s", printed).isZero();
    assertThat(printed).contains("scale=Point[x=20, y=30]", "nested=30", "tally=Point[x=6, y=60]",
        "resource=" + "shipped with the job\n".length());
    String pids = printed.lines().filter(l -> l.contains("pids=")).findFirst().orElseThrow();
    pids = pids.substring(pids.indexOf("pids="));
    String driverPid = pids.substring(pids.indexOf("driver=") + "driver=".length()).trim();
    assertThat(pids.substring("pids=[".length(), pids.indexOf(']')).split(", "))
        .as("tasks ran on the cluster's processes, not in the driver").doesNotContain(driverPid);
    return printed;
  }
}
