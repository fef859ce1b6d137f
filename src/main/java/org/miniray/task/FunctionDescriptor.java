package org.miniray.task;

/**
 * Names the code a task runs: a class, a method and its JVM signature, as the function table
 * records it (paper section 4.2.1). {@code kind} tells a static method from an instance method
 * (an actor method) from a constructor (an actor creation).
 */
public record FunctionDescriptor(String className, String methodName, String signature, Kind kind) {

  public enum Kind {
    STATIC,
    INSTANCE,
    CONSTRUCTOR
  }

  public FunctionDescriptor {
    if (className == null || methodName == null || signature == null || kind == null) {
      throw new IllegalArgumentException("a function descriptor needs class, method, signature and kind");
    }
  }

  /** The name users see in errors and timelines: {@code SimpleClass.method}. */
  public String displayName() {
    String simple = className.substring(className.lastIndexOf('.') + 1);
    return kind == Kind.CONSTRUCTOR ? simple + ".<init>" : simple + "." + methodName;
  }

  /** True when the signature says the method returns nothing. */
  public boolean returnsVoid() {
    return kind != Kind.CONSTRUCTOR && signature.endsWith(")V");
  }

  @Override
  public String toString() {
    return className + "." + methodName + signature;
  }
}
