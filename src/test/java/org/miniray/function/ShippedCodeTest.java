package org.miniray.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.miniray.common.Clock;
import org.miniray.gcs.memory.InMemoryGcs;
import org.miniray.id.JobId;
import org.miniray.serialization.Allowlist;
import org.miniray.serialization.ForySerializer;
import org.miniray.serialization.SerializationException;
import org.miniray.serialization.SerializedObject;
import org.miniray.task.FunctionDescriptor;

/** A job's code crosses the function table and is loaded, and allowed, for that job only. */
class ShippedCodeTest {
  private static final JobId JOB = new JobId(7);
  private static final int RESOURCE_BYTES = ShippedCode.PART_BYTES * 5 / 2; // spans three parts

  @TempDir
  static Path dir;
  static Path classes;
  static byte[] resource;

  @BeforeAll
  static void compile() throws Exception {
    classes = JavaSources.compile(dir, Map.of(
        "shipped.unit.Point", "package shipped.unit; public record Point(int x, int y) {}",
        "shipped.unit.Maths", """
            package shipped.unit;
            public final class Maths {
              public static Point twice(Point p) { return new Point(2 * p.x(), 2 * p.y()); }
            }
            """));
    resource = new byte[RESOURCE_BYTES];
    new SplittableRandom(1).nextBytes(resource); // random: the zip cannot shrink it below three parts
    Files.write(classes.resolve("shipped/unit/data.bin"), resource);
  }

  private static FunctionDescriptor twice() {
    return new FunctionDescriptor("shipped.unit.Maths", "twice", "(Lshipped/unit/Point;)Lshipped/unit/Point;",
        FunctionDescriptor.Kind.STATIC);
  }

  /** A driver (its classes on its classpath) exports; a node (with miniray's classpath only) loads. */
  private static FunctionManager[] driverAndNode(InMemoryGcs gcs) throws Exception {
    URLClassLoader driverClasspath = new URLClassLoader(new URL[] {classes.toUri().toURL()},
        ShippedCodeTest.class.getClassLoader());
    FunctionManager driver = new FunctionManager(driverClasspath, gcs.functionTable(), true);
    driver.export(JOB, driver.load(JOB, twice()).declaringClass());
    FunctionManager node = new FunctionManager(ShippedCodeTest.class.getClassLoader(), gcs.functionTable(), false);
    return new FunctionManager[] {driver, node};
  }

  private static <T> T onJobThread(ClassLoader loader, Callable<T> body) throws Exception {
    Thread self = Thread.currentThread();
    ClassLoader before = self.getContextClassLoader();
    self.setContextClassLoader(loader);
    try {
      return body.call();
    } finally {
      self.setContextClassLoader(before);
    }
  }

  @Test
  void aNodeWithoutTheJarRunsTheJobsFunctionFromTheFunctionTable() throws Throwable {
    assertThatThrownBy(() -> Class.forName("shipped.unit.Maths")).as("the node's own classpath")
        .isInstanceOf(ClassNotFoundException.class);
    InMemoryGcs gcs = new InMemoryGcs(4, Clock.SYSTEM);
    FunctionManager node = driverAndNode(gcs)[1];
    RayFunction f = node.load(JOB, twice());
    assertThat(f.declaringClass().getClassLoader()).isSameAs(node.classLoader(JOB));
    Class<?> point = node.classLoader(JOB).loadClass("shipped.unit.Point");
    Object p = point.getConstructor(int.class, int.class).newInstance(3, 4);
    assertThat(f.invoke(null, new Object[] {p})).hasToString("Point[x=6, y=8]");
  }

  @Test
  void anArchiveLargerThanOneGcsValueTravelsInParts() throws Exception {
    InMemoryGcs gcs = new InMemoryGcs(4, Clock.SYSTEM);
    FunctionManager node = driverAndNode(gcs)[1];
    assertThat(ShippedCode.index(gcs.functionTable(), JOB)).singleElement()
        .satisfies(a -> assertThat(a.parts()).as("parts of the archive").isGreaterThanOrEqualTo(3));
    try (InputStream in = node.classLoader(JOB).getResourceAsStream("shipped/unit/data.bin")) {
      assertThat(in).as("the shipped resource").isNotNull();
      assertThat(in.readAllBytes()).isEqualTo(resource);
    }
  }

  @Test
  void jobClassesAreAllowedOnThatJobsThreadsOnly() throws Exception {
    InMemoryGcs gcs = new InMemoryGcs(4, Clock.SYSTEM);
    FunctionManager node = driverAndNode(gcs)[1];
    ForySerializer serializer = new ForySerializer(new Allowlist());
    ClassLoader job = node.classLoader(JOB);
    SerializedObject bytes = onJobThread(job, () -> serializer.serialize(
        job.loadClass("shipped.unit.Point").getConstructor(int.class, int.class).newInstance(1, 2)));
    assertThat(onJobThread(job, () -> serializer.deserialize(bytes))).hasToString("Point[x=1, y=2]");

    assertThatThrownBy(() -> serializer.deserialize(bytes)).as("read on a thread of no job")
        .isInstanceOf(SerializationException.class).hasMessageContaining("shipped.unit.Point");
    ClassLoader otherJob = node.classLoader(new JobId(8));
    assertThatThrownBy(() -> onJobThread(otherJob, () -> serializer.deserialize(bytes))).as("read for another job")
        .isInstanceOf(SerializationException.class).hasMessageContaining("shipped.unit.Point");
    assertThat(((org.miniray.serialization.JobClasses) job).isJobClass("org.miniray.id.JobId"))
        .as("a class the node has itself is not the job's").isFalse();
    assertThat(serializer.allowlist().isAllowed("shipped.unit.Point")).as("the process-wide allowlist").isFalse();
  }

  @Test
  void anotherJobCannotLoadTheCodeOfThisOne() {
    InMemoryGcs gcs = new InMemoryGcs(4, Clock.SYSTEM);
    assertThatThrownBy(() -> driverAndNode(gcs)[1].load(new JobId(8), twice()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("shipped.unit.Maths").hasMessageContaining("nor in its job's shipped code");
  }

  @Test
  void miniraysOwnClassesAreNotShipped() {
    InMemoryGcs gcs = new InMemoryGcs(4, Clock.SYSTEM);
    FunctionManager driver = new FunctionManager(getClass().getClassLoader(), gcs.functionTable(), true);
    driver.export(JOB, FunctionManager.class);
    driver.export(JOB, String.class);
    assertThat(ShippedCode.index(gcs.functionTable(), JOB)).isEmpty();
  }
}
