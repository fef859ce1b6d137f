package org.miniray.node;

import org.miniray.function.FunctionManager;
import org.miniray.gcs.Gcs;
import org.miniray.lineage.LineageReplayer;
import org.miniray.scheduler.global.GlobalScheduler;
import org.miniray.serialization.Serializer;
import org.miniray.transport.Transport;
import org.miniray.worker.RemoteWorkers;

/**
 * What a node is given by the process it runs in: the cluster's services (the GCS, the global
 * scheduler, the lineage replayer, and the transport to its peers) and the process's code and
 * serializer.
 *
 * @param lineage {@link LineageReplayer#NONE} for a node that rebuilds and retries nothing (and
 *     is then never fenced: a node declared dead by mistake is better left working)
 * @param workers the worker processes that run its normal tasks ({@code miniray.worker.mode=process}),
 *     or null: its tasks run on threads of its own JVM
 */
public record NodeServices(Gcs gcs, Transport transport, GlobalScheduler global, LineageReplayer lineage,
    Serializer serializer, FunctionManager functions, RemoteWorkers workers) {

  /** Services of a node that runs its tasks on threads of its own JVM. */
  public NodeServices(Gcs gcs, Transport transport, GlobalScheduler global, LineageReplayer lineage,
      Serializer serializer, FunctionManager functions) {
    this(gcs, transport, global, lineage, serializer, functions, null);
  }
}
