/**
 * The types of remote functions (paper section 3.1): what {@code Ray.task}, {@code Ray.actor}
 * and {@code ActorHandle.task} accept, so that a call's arguments are checked against the
 * function's parameters at compile time.
 *
 * <p>{@link org.miniray.api.function.RayFunc} is the marker of them all. It is
 * {@link java.io.Serializable}, so the compiler gives every method reference such as
 * {@code MyClass::f} or {@code Counter::new} a {@code writeReplace} method returning a
 * {@link java.lang.invoke.SerializedLambda}; the runtime reads the implementing class, method
 * name and JVM signature from it to build the task's function descriptor. That is why a remote
 * function should be a method reference to a named method: a lambda resolves to a synthetic
 * {@code lambda$main$0} that another JVM running a different build may not have.
 *
 * <p>{@code RayFunc0} to {@code RayFunc6} (returning a value) and {@code RayFuncVoid0} to
 * {@code RayFuncVoid6} (returning nothing, under the marker
 * {@link org.miniray.api.function.RayFuncVoid}) are generated, together with the overloads that
 * use them in {@code RayCall} and {@code ActorCall}, by {@code RayCallGenerator} in the tests:
 * run {@code make generate} after changing it rather than editing them. An actor method's
 * receiver is its function's first parameter, so actor methods take at most five arguments.
 * Lab 1 uses this package through {@link org.miniray.api.Ray}.
 */
package org.miniray.api.function;
