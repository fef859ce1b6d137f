/**
 * The exceptions the API throws, as in Ray's {@code io.ray.api.exception}. A failed task's
 * exception travels as an object in its place (paper section 3.2) and is rethrown by
 * {@code get} as a {@link org.miniray.api.exception.RayTaskException} that keeps the remote
 * class, message and stack.
 */
package org.miniray.api.exception;
