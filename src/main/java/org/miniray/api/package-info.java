/**
 * Ray's API, name for name as in Ray's Java API ({@code io.ray.api}), so a Ray Java program
 * ports by changing its imports (paper section 3.1, table 1).
 *
 * <ul>
 *   <li>Tasks: {@code ObjectRef<R> r = Ray.task(MyClass::f, a, b).remote();} where any argument
 *       may be an {@link org.miniray.api.ObjectRef} of its type (a future).
 *   <li>Actors: {@code ActorHandle<Counter> c = Ray.actor(Counter::new, 0).remote();} then
 *       {@code c.task(Counter::add, 5).remote()}; one method runs at a time, in each caller's
 *       order.
 *   <li>{@link org.miniray.api.Ray#get}, {@link org.miniray.api.Ray#wait},
 *       {@link org.miniray.api.Ray#put}.
 * </ul>
 *
 * <p>This package depends on no internal package: {@link org.miniray.api.Ray} finds the
 * runtime through {@link java.util.ServiceLoader} ({@link org.miniray.api.runtime}). The
 * overloads in {@code RayCall} and {@code ActorCall} are generated; see
 * {@code RayCallGenerator} in the tests. Lab 1 is written against this package alone.
 */
package org.miniray.api;
