/**
 * {@link org.miniray.api.runtimecontext.RuntimeContext}: the job, task, actor and node of the code
 * running now, as Ray's {@code io.ray.api.runtimecontext}.
 */
package org.miniray.api.runtimecontext;
