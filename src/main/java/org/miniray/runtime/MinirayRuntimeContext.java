package org.miniray.runtime;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.miniray.api.BaseActorHandle;
import org.miniray.api.id.ActorId;
import org.miniray.api.id.JobId;
import org.miniray.api.id.TaskId;
import org.miniray.api.id.UniqueId;
import org.miniray.api.runtimecontext.NodeInfo;
import org.miniray.api.runtimecontext.RuntimeContext;
import org.miniray.gcs.ActorEntry;
import org.miniray.gcs.Gcs;
import org.miniray.node.TaskContext;

/**
 * {@link RuntimeContext} from the {@link TaskContext} of the calling thread (the driver's when it
 * runs no task) and the GCS: the node table for the nodes, the actor table for restarts.
 */
final class MinirayRuntimeContext implements RuntimeContext {
  private final Supplier<TaskContext> current;
  private final Gcs gcs;
  private final boolean embedded;
  private final Function<org.miniray.id.JobId, String> namespaces;

  MinirayRuntimeContext(Supplier<TaskContext> current, Gcs gcs, boolean embedded,
      Function<org.miniray.id.JobId, String> namespaces) {
    this.current = current;
    this.gcs = gcs;
    this.embedded = embedded;
    this.namespaces = namespaces;
  }

  @Override
  public String getNamespace() {
    return namespaces.apply(current.get().job());
  }

  @Override
  public JobId getCurrentJobId() {
    return ApiIds.of(current.get().job());
  }

  @Override
  public TaskId getCurrentTaskId() {
    return ApiIds.of(current.get().taskId());
  }

  @Override
  public ActorId getCurrentActorId() {
    return ApiIds.of(actor());
  }

  @Override
  public boolean wasCurrentActorRestarted() {
    org.miniray.id.ActorId a = actor();
    return gcs.actorTable().lookup(a).join().map(ActorEntry::restarts).orElse(0) > 0;
  }

  @Override
  public boolean isLocalMode() {
    return embedded;
  }

  @Override
  public List<NodeInfo> getAllNodeInfo() {
    return gcs.nodeTable().all().join().stream()
        .map(e -> new NodeInfo(ApiIds.of(e.info().id()), e.info().address(), e.alive(), e.info().total().asMap()))
        .toList();
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T extends BaseActorHandle> T getCurrentActorHandle() {
    return (T) new ActorHandleImpl<>(actor());
  }

  @Override
  public List<Long> getGpuIds() {
    return current.get().gpuIds();
  }

  @Override
  public UniqueId getCurrentNodeId() {
    return ApiIds.of(current.get().node().id());
  }

  private org.miniray.id.ActorId actor() {
    org.miniray.id.ActorId a = current.get().actor();
    if (a == null) {
      throw new IllegalStateException("not in an actor: the current actor is known only in an actor's constructor"
          + " and methods");
    }
    return a;
  }
}
