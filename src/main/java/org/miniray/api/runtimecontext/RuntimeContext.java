package org.miniray.api.runtimecontext;

import java.util.List;
import org.miniray.api.BaseActorHandle;
import org.miniray.api.id.ActorId;
import org.miniray.api.id.JobId;
import org.miniray.api.id.TaskId;
import org.miniray.api.id.UniqueId;

/**
 * What the code running now can learn about where it runs, as Ray's
 * {@code io.ray.api.runtimecontext.RuntimeContext}: {@code Ray.getRuntimeContext()} returns it,
 * in the driver and in every task and actor method.
 */
public interface RuntimeContext {

  /** The job of the driver, task or actor running now. */
  JobId getCurrentJobId();

  /** The task running now; in the driver, the driver's own root task. */
  TaskId getCurrentTaskId();

  /**
   * The actor whose constructor or method runs now.
   *
   * @throws IllegalStateException outside an actor
   */
  ActorId getCurrentActorId();

  /**
   * Whether the actor running now was restarted (its node died, or it was killed with
   * {@code kill(false)}) rather than created for the first time.
   *
   * @throws IllegalStateException outside an actor
   */
  boolean wasCurrentActorRestarted();

  /**
   * True on the embedded cluster, where the driver, every node and every task share one JVM (the
   * nearest thing to Ray's local mode); false on a cluster of processes.
   */
  boolean isLocalMode();

  /** Every node the cluster has known, alive or dead. */
  List<NodeInfo> getAllNodeInfo();

  /**
   * A handle to the actor running now, which it can pass to other tasks or call itself.
   *
   * @throws IllegalStateException outside an actor
   */
  <T extends BaseActorHandle> T getCurrentActorHandle();

  /**
   * The GPUs the running task or actor holds, numbered from 0 on its node, as many as it asked for
   * ({@code setResource("GPU", n)}); empty for the driver and for code that asked for none.
   */
  List<Long> getGpuIds();

  /**
   * The namespace where this job's named actors live: the one its driver set
   * ({@code miniray.namespace}), or one of the job's own ({@code job-01000000}) as Ray's anonymous
   * namespace.
   */
  String getNamespace();

  /** The node the code running now runs on. */
  UniqueId getCurrentNodeId();
}
