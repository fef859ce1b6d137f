package org.miniray.runtime;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.miniray.actor.JobActors;
import org.miniray.gcs.Gcs;
import org.miniray.gcs.NodeEntry;
import org.miniray.id.JobId;
import org.miniray.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a job everywhere, whichever way it ended: its driver's {@code Ray.shutdown()} or exit
 * without it (from the driver's process: {@code MinirayRuntime.shutdown}, the driver process's
 * exit hook) or its driver declared dead by heartbeat (from the control plane). Its
 * actors first ({@link JobActors}: recorded dead, names freed, hosts told), then one
 * {@code NodeService.endJob} message to every live node, which drops the job's tasks, frees its
 * objects and drops its code there ({@code node.JobEnd}). A node that misses the message (it was
 * unreachable) keeps what it had of the job until it stops; the message is one-way and sent once.
 */
public final class JobEnding {
  private static final Logger log = LoggerFactory.getLogger(JobEnding.class);
  private static final long READ_TIMEOUT_S = 5; // a shutdown waits at most this for a GCS that is gone

  private JobEnding() {}

  /** Ends {@code job} because of {@code cause}; returns how many nodes were told. */
  public static int end(Gcs gcs, Transport transport, JobId job, String cause) {
    JobActors.end(gcs, transport, job, cause);
    List<NodeEntry> nodes;
    try {
      nodes = gcs.nodeTable().all().get(READ_TIMEOUT_S, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    } catch (Exception e) {
      log.warn("cannot tell the nodes that job {} ended: the node table did not answer: {}", job, e.toString());
      return 0;
    }
    int told = 0;
    for (NodeEntry n : nodes) {
      if (!n.alive()) {
        continue;
      }
      try {
        transport.connect(n.info().id()).endJob(job, cause);
        told++;
      } catch (RuntimeException unreachable) {
        log.debug("cannot tell {} that job {} ended: {}", n.info().id(), job, unreachable.toString());
      }
    }
    return told;
  }
}
