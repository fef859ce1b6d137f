package org.miniray.runtime;

import java.net.URL;
import java.security.CodeSource;
import java.util.Objects;
import java.util.Set;
import org.miniray.id.ObjectId;
import org.miniray.objectstore.ObjectManager;

/**
 * Where the user's code called {@code put} or {@code remote()}: the first frame on the calling
 * thread's stack that is not miniray's API, runtime or worker machinery nor the JDK's, as
 * {@code File.java:42 (Class.method)}, for {@code miniray memory} (Ray's "call site" column).
 *
 * <p>It costs a stack walk per call, so the runtime asks for it only when
 * {@code miniray.memory.call.sites} is set (Ray too records call sites only when asked). A class
 * counts as miniray's when it was loaded from miniray's own jar or classes directory, so a user's
 * class in a package named like ours (a test's, say) is still the user's.
 */
final class CallSites {
  private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
  private static final Set<String> MACHINERY = Set.of("org.miniray.api", "org.miniray.runtime", "org.miniray.node",
      "org.miniray.worker");
  private static final URL MINIRAY = location(CallSites.class);
  private static final ClassValue<Boolean> SKIPPED = new ClassValue<>() {
    @Override
    protected Boolean computeValue(Class<?> c) {
      String pkg = c.getPackageName();
      if (pkg.startsWith("java.") || pkg.startsWith("jdk.") || pkg.startsWith("sun.") || pkg.startsWith("com.sun.")) {
        return true;
      }
      boolean ours = MACHINERY.contains(pkg) || pkg.startsWith("org.miniray.api.");
      return ours && Objects.equals(location(c), MINIRAY);
    }
  };

  private final boolean enabled;

  /** @param enabled {@code miniray.memory.call.sites}: whether {@link #record} walks the stack at all */
  CallSites(boolean enabled) {
    this.enabled = enabled;
  }

  /** Tells {@code owner}, the object manager of the node that owns {@code id}, where the user made it. */
  void record(ObjectManager owner, ObjectId id) {
    if (enabled) {
      owner.recordCallSite(id, here());
    }
  }

  /** The user's frame that made the call in progress on this thread, or "unknown" if every frame is machinery. */
  static String here() {
    return WALKER.walk(frames -> frames.filter(f -> !SKIPPED.get(f.getDeclaringClass())).findFirst()
        .map(f -> f.getFileName() + ":" + f.getLineNumber() + " (" + f.getDeclaringClass().getSimpleName() + "."
            + f.getMethodName() + ")")
        .orElse("unknown"));
  }

  private static URL location(Class<?> c) {
    CodeSource source = c.getProtectionDomain().getCodeSource();
    return source == null ? null : source.getLocation();
  }
}
