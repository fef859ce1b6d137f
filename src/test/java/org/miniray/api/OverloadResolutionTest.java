package org.miniray.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticListener;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Typical Ray calls compile and pick the overload they should, with no runtime: nothing here
 * calls {@code remote()}. If one of these stops compiling, the generated overloads broke the API.
 */
class OverloadResolutionTest {

  // The remote functions. Each name is used once, so every method reference is exact and takes
  // part in overload resolution (an overloaded name would be ambiguous, in Ray as here).

  static int add(int a, int b) {
    return a + b;
  }

  static void log(String s) {}

  static String hello() {
    return "hello";
  }

  static long sum6(int a, long b, short c, byte d, double e, float f) {
    return (long) (a + b + c + d + e + f);
  }

  static final class Counter {
    private int value;

    Counter(int start) {
      value = start;
    }

    int add(int delta) {
      value += delta;
      return value;
    }

    void reset() {
      value = 0;
    }
  }

  /** A future that is never resolved: overload resolution only needs its type. */
  static final class UnresolvedRef<T> implements ObjectRef<T> {
    @Override
    public T get() {
      throw new UnsupportedOperationException("no runtime in this test");
    }

    @Override
    public T get(long timeoutMs) {
      throw new UnsupportedOperationException("no runtime in this test");
    }
  }

  /** A handle to no actor: {@code task(...)} only builds a caller. */
  static final class DetachedHandle<A> implements ActorHandle<A> {
    @Override
    public org.miniray.api.id.ActorId getId() {
      return org.miniray.api.id.ActorId.NIL;
    }

    @Override
    public void kill(boolean noRestart) {
      throw new UnsupportedOperationException("no runtime in this test");
    }
  }

  @Test
  void valuesPickTheTaskOverloadAndKeepTheResultType() {
    TaskCaller<Integer> call = Ray.task(OverloadResolutionTest::add, 1, 2);

    assertThat(call).isInstanceOf(TaskCaller.class);
    assertThat(call.args).containsExactly(1, 2);
  }

  @Test
  void aFutureMayStandForAnArgumentOfItsType() {
    ObjectRef<Integer> ref = new UnresolvedRef<>();

    TaskCaller<Integer> call = Ray.task(OverloadResolutionTest::add, ref, 2);

    assertThat(call).isInstanceOf(TaskCaller.class);
    assertThat(call.args).as("the future itself is passed on, for the runtime to resolve")
        .containsExactly(ref, 2);
  }

  @Test
  void anyMixOfValuesAndFuturesWorksUpToSixArguments() {
    ObjectRef<Long> b = new UnresolvedRef<>();
    ObjectRef<Byte> d = new UnresolvedRef<>();

    TaskCaller<Long> call =
        Ray.task(OverloadResolutionTest::sum6, 1, b, (short) 3, d, 5.0, 6.0f);

    assertThat(call.args).containsExactly(1, b, (short) 3, d, 5.0, 6.0f);
  }

  @Test
  void functionsWithoutArgumentsOrResultPickTheirOverloads() {
    TaskCaller<String> hello = Ray.task(OverloadResolutionTest::hello);
    VoidTaskCaller log = Ray.task(OverloadResolutionTest::log, "s");
    VoidTaskCaller logFuture = Ray.task(OverloadResolutionTest::log, new UnresolvedRef<String>());

    assertThat(hello).isInstanceOf(TaskCaller.class);
    assertThat(hello.args).isEmpty();
    assertThat(log).isInstanceOf(VoidTaskCaller.class);
    assertThat(logFuture).isInstanceOf(VoidTaskCaller.class);
  }

  @Test
  void aConstructorReferenceCreatesAnActor() {
    ActorCreator<Counter> fromValue = Ray.actor(Counter::new, 1);
    ActorCreator<Counter> fromFuture = Ray.actor(Counter::new, new UnresolvedRef<Integer>());

    assertThat(fromValue).isInstanceOf(ActorCreator.class);
    assertThat(fromFuture).isInstanceOf(ActorCreator.class);
  }

  @Test
  void actorMethodsAreCalledThroughTheHandle() {
    ActorHandle<Counter> counter = new DetachedHandle<>();

    ActorTaskCaller<Integer> add = counter.task(Counter::add, 5);
    ActorTaskCaller<Integer> addFuture = counter.task(Counter::add, new UnresolvedRef<Integer>());
    VoidActorTaskCaller reset = counter.task(Counter::reset);

    assertThat(add).isInstanceOf(ActorTaskCaller.class);
    assertThat(add.args).as("the receiver is the handle, not an argument").containsExactly(5);
    assertThat(addFuture).isInstanceOf(ActorTaskCaller.class);
    assertThat(reset).isInstanceOf(VoidActorTaskCaller.class);
    assertThat(reset.args).isEmpty();
  }

  @Test
  void everyArgumentMayIndependentlyBeAFuture() {
    assertThat(overloadsByArity(RayCall.class, "task", TaskCaller.class))
        .as("Ray.task overloads for functions that return a value, by number of arguments")
        .isEqualTo(powersOfTwo(0, 6));
    assertThat(overloadsByArity(RayCall.class, "task", VoidTaskCaller.class))
        .as("Ray.task overloads for functions that return nothing, by number of arguments")
        .isEqualTo(powersOfTwo(0, 6));
    assertThat(overloadsByArity(RayCall.class, "actor", ActorCreator.class))
        .as("Ray.actor overloads, by number of constructor arguments")
        .isEqualTo(powersOfTwo(0, 6));
    assertThat(overloadsByArity(ActorCall.class, "task", ActorTaskCaller.class))
        .as("ActorHandle.task overloads for methods that return a value, by number of arguments")
        .isEqualTo(powersOfTwo(0, 5));
    assertThat(overloadsByArity(ActorCall.class, "task", VoidActorTaskCaller.class))
        .as("ActorHandle.task overloads for methods that return nothing, by number of arguments")
        .isEqualTo(powersOfTwo(0, 5));

    assertThat(publicMethods(RayCall.class)).as("public methods of RayCall").hasSize(127 * 3);
    assertThat(publicMethods(ActorCall.class)).as("public methods of ActorCall").hasSize(63 * 2);
  }

  @Test
  void anArgumentOfTheWrongTypeDoesNotCompile(@TempDir Path out) throws Exception {
    String source = """
        package org.miniray.api;

        class WrongArgument {
          static int add(int a, int b) {
            return a + b;
          }

          void submit() {
            Ray.task(WrongArgument::add, "one", 2);
          }
        }
        """;

    List<String> errors = compile("WrongArgument", source, out);

    assertThat(errors)
        .as("Ray.task(add, \"one\", 2) must be rejected by javac as fitting no overload")
        .containsExactly("compiler.err.cant.apply.symbols");
  }

  /** How many overloads of {@code name} return {@code returns}, by number of arguments after f. */
  private static Map<Integer, Long> overloadsByArity(Class<?> type, String name, Class<?> returns) {
    return publicMethods(type).stream()
        .filter(m -> m.getName().equals(name) && m.getReturnType() == returns)
        .collect(Collectors.groupingBy(m -> m.getParameterCount() - 1, TreeMap::new,
            Collectors.counting()));
  }

  private static Map<Integer, Long> powersOfTwo(int from, int to) {
    Map<Integer, Long> expected = new TreeMap<>();
    for (int n = from; n <= to; n++) {
      expected.put(n, 1L << n);
    }
    return expected;
  }

  private static List<Method> publicMethods(Class<?> type) {
    return Arrays.stream(type.getDeclaredMethods())
        .filter(m -> Modifier.isPublic(m.getModifiers()) && !m.isSynthetic())
        .toList();
  }

  /**
   * Compiles one class against the API classes; returns the codes of javac's errors. Only the
   * codes: javac's text for a call that fits no overload lists all of them, which takes seconds.
   */
  private static List<String> compile(String className, String source, Path out)
      throws IOException, URISyntaxException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    Path apiClasses =
        Path.of(Ray.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    URI uri = URI.create("string:///org/miniray/api/" + className + ".java");
    JavaFileObject file = new SimpleJavaFileObject(uri, JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return source;
      }
    };
    List<String> errors = new ArrayList<>();
    DiagnosticListener<JavaFileObject> listener = d -> {
      if (d.getKind() == Diagnostic.Kind.ERROR) {
        errors.add(d.getCode());
      }
    };
    try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
      javac.getTask(null, files, listener,
          List.of("-classpath", apiClasses.toString(), "-d", out.toString()), null, List.of(file))
          .call();
    }
    return errors;
  }
}
