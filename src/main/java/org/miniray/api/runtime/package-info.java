/**
 * The seam between the API and an implementation: {@link org.miniray.api.Ray} delegates every
 * call to a {@link org.miniray.api.runtime.RayRuntime}, created by the first
 * {@link org.miniray.api.runtime.RayRuntimeFactory} that {@link java.util.ServiceLoader} finds.
 * This keeps {@code org.miniray.api} free of every internal package.
 */
package org.miniray.api.runtime;
