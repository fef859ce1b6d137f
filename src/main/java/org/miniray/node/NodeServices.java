package org.miniray.node;

import org.miniray.function.FunctionManager;
import org.miniray.gcs.Gcs;
import org.miniray.lineage.LineageReplayer;
import org.miniray.scheduler.global.GlobalScheduler;
import org.miniray.serialization.Serializer;
import org.miniray.transport.Transport;

/**
 * What a node is given by the process it runs in: the cluster's services (the GCS, the global
 * scheduler, the lineage replayer, and the transport to its peers) and the process's code and
 * serializer.
 *
 * @param lineage {@link LineageReplayer#NONE} for a node that rebuilds and retries nothing (and
 *     is then never fenced: a node declared dead by mistake is better left working)
 */
public record NodeServices(Gcs gcs, Transport transport, GlobalScheduler global, LineageReplayer lineage,
    Serializer serializer, FunctionManager functions) {}
