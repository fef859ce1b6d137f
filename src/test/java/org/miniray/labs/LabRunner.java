package org.miniray.labs;

import java.lang.reflect.Array;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.Filter;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;

/**
 * Runs one lab's graded tests against a given build (compiled main and test classes) inside
 * this JVM, for {@code HandoutTest}: the classes of {@code org.miniray} are loaded child-first
 * from that build, so the handout's {@code PaperSchedulingPolicy} replaces the reference's
 * and the build gets its own {@code Ray} singleton; JUnit, AssertJ and the libraries come from
 * this JVM.
 *
 * <p>The JUnit Platform Launcher is called by reflection. Surefire puts the launcher on the
 * test classpath when it runs, but it is not a declared dependency (declaring it would change
 * pom.xml), so it cannot be named at compile time; the engine API it takes (selectors,
 * filters, results) is on the classpath and is used directly.
 */
final class LabRunner {
  private LabRunner() {}

  /** One test's outcome: its class and display name, and why it failed (empty when it passed). */
  record Outcome(String test, boolean passed, String why) {}

  /**
   * Runs the tests found under {@code testClasses} whose tags match {@code tag} (a JUnit tag
   * expression such as {@code "lab2 & !hidden"}), with {@code mainClasses}.
   */
  static List<Outcome> run(Path mainClasses, Path testClasses, String tag) throws Exception {
    return launch(List.of(mainClasses, testClasses), DiscoverySelectors.selectClasspathRoots(Set.of(testClasses)), tag);
  }

  /**
   * Runs the tests of the classes named {@code testClassNames} whose tags match {@code tag}, with
   * the classes of {@code classpath} in that order: a directory of patched classes put before
   * the reference's main classes replaces the reference's versions.
   */
  static List<Outcome> run(List<Path> classpath, List<String> testClassNames, String tag) throws Exception {
    return launch(classpath, testClassNames.stream().map(DiscoverySelectors::selectClass).toList(), tag);
  }

  /**
   * As {@link #run(List, List, String)}, with the system properties {@code properties} set while
   * the tests run (the grades file, a replay seed) and put back after.
   */
  static List<Outcome> run(List<Path> classpath, List<String> testClassNames, String tag, Map<String, String> properties)
      throws Exception {
    Map<String, String> saved = new HashMap<>();
    properties.forEach((k, v) -> saved.put(k, System.setProperty(k, v)));
    try {
      return run(classpath, testClassNames, tag);
    } finally {
      saved.forEach((k, v) -> {
        if (v == null) {
          System.clearProperty(k);
        } else {
          System.setProperty(k, v);
        }
      });
    }
  }

  private static List<Outcome> launch(List<Path> classpath, List<? extends DiscoverySelector> select, String tag)
      throws Exception {
    List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
    ClassLoader parent = LabRunner.class.getClassLoader();
    Thread thread = Thread.currentThread();
    ClassLoader saved = thread.getContextClassLoader();
    List<URL> urls = new ArrayList<>();
    for (Path p : classpath) {
      urls.add(p.toUri().toURL());
    }
    try (ChildFirst loader = new ChildFirst(urls.toArray(new URL[0]), parent)) {
      thread.setContextClassLoader(loader);
      Class<?> builderType = parent.loadClass("org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder");
      Object builder = builderType.getMethod("request").invoke(null);
      DiscoverySelector[] selectors = select.toArray(new DiscoverySelector[0]);
      builderType.getMethod("selectors", DiscoverySelector[].class).invoke(builder, (Object) selectors);
      Object tags = parent.loadClass("org.junit.platform.launcher.TagFilter")
          .getMethod("includeTags", String[].class).invoke(null, (Object) new String[] {tag});
      Object engines = parent.loadClass("org.junit.platform.launcher.EngineFilter")
          .getMethod("includeEngines", String[].class).invoke(null, (Object) new String[] {"junit-jupiter"});
      builderType.getMethod("filters", Filter[].class)
          .invoke(builder, (Object) new Filter<?>[] {(Filter<?>) tags, (Filter<?>) engines});
      Object request = builderType.getMethod("build").invoke(builder);

      Class<?> listenerType = parent.loadClass("org.junit.platform.launcher.TestExecutionListener");
      Object listener = Proxy.newProxyInstance(parent, new Class<?>[] {listenerType}, recorder(outcomes));
      Object listeners = Array.newInstance(listenerType, 1);
      Array.set(listeners, 0, listener);
      Object launcher = parent.loadClass("org.junit.platform.launcher.core.LauncherFactory").getMethod("create")
          .invoke(null);
      Class<?> launcherType = parent.loadClass("org.junit.platform.launcher.Launcher");
      Class<?> requestType = parent.loadClass("org.junit.platform.launcher.LauncherDiscoveryRequest");
      launcherType.getMethod("execute", requestType, listeners.getClass()).invoke(launcher, request, listeners);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    } finally {
      thread.setContextClassLoader(saved);
    }
    return List.copyOf(outcomes);
  }

  // Records finished tests, and containers that failed (a @BeforeAll that threw: none of the
  // class's tests ran, which counts as failing them).
  private static InvocationHandler recorder(List<Outcome> outcomes) {
    return (proxy, method, args) -> {
      switch (method.getName()) {
        case "executionFinished" -> {
          Object id = args[0];
          TestExecutionResult result = (TestExecutionResult) args[1];
          boolean isTest = (Boolean) call(id, "isTest");
          boolean passed = result.getStatus() == TestExecutionResult.Status.SUCCESSFUL;
          if (isTest || !passed) {
            String why = result.getThrowable().map(t -> t.getClass().getSimpleName() + ": " + t.getMessage())
                .orElse(passed ? "" : result.getStatus().toString());
            outcomes.add(new Outcome((isTest ? "" : "container ") + call(id, "getLegacyReportingName") + " / "
                + call(id, "getDisplayName"), passed, why));
          }
        }
        case "executionSkipped" -> outcomes.add(new Outcome(call(args[0], "getDisplayName") + "", false,
            "skipped: " + args[1]));
        case "hashCode" -> {
          return System.identityHashCode(proxy);
        }
        case "equals" -> {
          return proxy == args[0];
        }
        case "toString" -> {
          return "LabRunner listener";
        }
        default -> { }
      }
      return null;
    };
  }

  /** The directory or jar a class was loaded from: the build's main or test classes. */
  static Path location(Class<?> c) throws java.net.URISyntaxException {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
  }

  private static Object call(Object target, String method) throws ReflectiveOperationException {
    Method m = target.getClass().getMethod(method);
    return m.invoke(target);
  }

  /** Loads miniray's own classes from its URLs before asking its parent. */
  private static final class ChildFirst extends URLClassLoader {
    static {
      ClassLoader.registerAsParallelCapable();
    }

    ChildFirst(URL[] urls, ClassLoader parent) {
      super(urls, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.startsWith("org.miniray.") && !name.startsWith("evil.")) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c == null) {
          try {
            c = findClass(name);
          } catch (ClassNotFoundException e) {
            c = super.loadClass(name, false);
          }
        }
        if (resolve) {
          resolveClass(c);
        }
        return c;
      }
    }
  }
}
