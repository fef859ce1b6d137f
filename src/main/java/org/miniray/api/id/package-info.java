/**
 * The ids a program sees, named as in Ray's {@code io.ray.api.id}: {@link org.miniray.api.id.JobId},
 * {@link org.miniray.api.id.TaskId}, {@link org.miniray.api.id.ActorId},
 * {@link org.miniray.api.id.ObjectId} and {@link org.miniray.api.id.UniqueId} (nodes), each with a
 * {@code NIL} value. They are views of the runtime's own ids ({@code org.miniray.id}), which the
 * API does not depend on; the runtime converts between the two.
 */
package org.miniray.api.id;
