package org.miniray.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.miniray.api.ObjectRef;
import org.miniray.api.Ray;
import org.miniray.function.JavaSources;
import org.miniray.serialization.Allowlist;

/**
 * Mistakes a user makes are caught where they are made, at {@code remote()}, {@code get} or
 * {@code put}, with a message that says what to do, instead of failing later or obscurely.
 */
class MistakesTest {
  @BeforeAll
  static void start() {
    Ray.init(Map.of("miniray.nodes", "1", "miniray.node.resources", "CPU=2"));
  }

  @AfterAll
  static void stop() {
    Ray.shutdown();
  }

  public static int square(int x) {
    return x * x;
  }

  /** A class with state: its methods are not tasks. */
  public static final class Counter {
    private int n;

    public Counter() {}

    public int add(int d) {
      n += d;
      return n;
    }
  }

  @Test
  void aMethodOfOneObjectIsRefusedSayingToUseAStaticMethodOrAnActor() {
    Counter c = new Counter();
    assertThatThrownBy(() -> Ray.task(c::add, 1).remote()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot be bound to an object (add of one MistakesTest$Counter")
        .hasMessageContaining("Use a static method")
        .hasMessageContaining("Ray.actor(MistakesTest$Counter::new).remote()");
  }

  @Test
  void anInstanceMethodAsAPlainTaskIsRefusedSayingToMakeItAnActor() {
    assertThatThrownBy(() -> Ray.task(Counter::add, new Counter(), 1).remote())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a static method, so Ray.task cannot run it")
        .hasMessageContaining("handle.task(MistakesTest$Counter::add, ...)");
  }

  @Test
  void nullForAPrimitiveParameterIsRefusedNamingTheParameter() {
    Integer none = null;
    assertThatThrownBy(() -> Ray.task(MistakesTest::square, none).remote())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("argument 0 of")
        .hasMessageContaining("is null, but its parameter is a int")
        .hasMessageContaining("declare the parameter as Integer");
  }

  public static int threads(Object o) {
    return 0;
  }

  @Test
  void anArgumentTheSerializerRefusesNamesItsClassAndTheAllowlistKey() {
    assertThatThrownBy(() -> Ray.task(MistakesTest::threads, new Thread()).remote())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("argument 0 of")
        .hasMessageContaining("(java.lang.Thread) cannot be serialized")
        .hasMessageContaining("add it to miniray.serialization.allowlist");
  }

  @Test
  void negativeTimeoutsAreRefusedAtOnce() {
    ObjectRef<Integer> r = Ray.task(MistakesTest::square, 3).remote();
    assertThatThrownBy(() -> Ray.get(r, -5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timeoutMs must be 0 or more, got -5")
        .hasMessageContaining("overload that takes none");
    assertThatThrownBy(() -> Ray.get(List.of(r), -1)).hasMessageContaining("got -1");
    assertThatThrownBy(() -> Ray.wait(List.of(r), 1, -1)).hasMessageContaining("got -1");
    assertThat(Ray.get(r, 30_000)).isEqualTo(9);
  }

  @Test
  void anObjectOverTheSerializersLimitIsRefusedAtOnce() {
    long[] huge = new long[270_000_000]; // 2.16 GB: just over one Java array; refused from its length alone
    long start = System.nanoTime();
    assertThatThrownBy(() -> Ray.put(huge)).hasMessageContaining("a long[] of 270000000 elements is 2160000000 bytes")
        .hasMessageContaining("split it into several objects");
    assertThat(System.nanoTime() - start).as("nanoseconds to refuse it").isLessThan(1_000_000_000L);
  }

  @Test
  void aJobsClassesInTheDefaultPackageAreAllowed(@TempDir Path dir) throws Exception {
    // The README's Hello, with a record: a one-file program has no package.
    Path classes = JavaSources.compile(dir, Map.of("Hello", """
        public class Hello {
          public record Pair(int a, int b) {}
          public static int sum(Pair p) { return p.a() + p.b(); }
        }
        """));
    try (URLClassLoader job = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
      Allowlist allowlist = new Allowlist().allowPackageOf(job.loadClass("Hello"));
      assertThat(allowlist.isAllowed("Hello$Pair")).as("the job's record, nested in Hello").isTrue();
      assertThat(allowlist.isAllowed("[LHello$Pair;")).as("an array of it").isTrue();
      assertThat(allowlist.isAllowed("Other")).as("another class of the default package").isTrue();
      assertThat(allowlist.isAllowed("com.acme.Gadget")).as("a class of a package nobody allowed").isFalse();
    }
  }
}
