/**
 * From a method reference to code that runs: {@link org.miniray.function.FunctionManager}
 * resolves a {@code RayFunc} (a serializable lambda) to a
 * {@link org.miniray.task.FunctionDescriptor} through {@link java.lang.invoke.SerializedLambda},
 * as Ray's Java worker does, and turns a descriptor back into an invocable
 * {@link org.miniray.function.RayFunction}. The function table of the GCS (paper section 4.2.1)
 * records each job's code: in a cluster of processes the driver exports the classpath entries its
 * functions come from (ShippedCode says how they lie in the table), and every other process loads
 * a job's functions with a class loader of that job's own (JobClassLoader), so worker nodes need
 * no copy of the user's jar. In an embedded cluster every node shares this JVM's classes.
 */
package org.miniray.function;
