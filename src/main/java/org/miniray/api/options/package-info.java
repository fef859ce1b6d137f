/** Options of task calls and actor creation, as the call builders collect them (Ray's {@code io.ray.api.options}). */
package org.miniray.api.options;
