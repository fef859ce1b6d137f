package org.miniray.actor;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.miniray.gcs.ActorEntry;
import org.miniray.gcs.ActorState;
import org.miniray.gcs.Gcs;
import org.miniray.id.ActorId;
import org.miniray.id.JobId;
import org.miniray.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a job's actors when the job ends (its driver shut down or was declared dead), as Ray
 * does: every actor the job created that is not detached is recorded {@code DEAD} with the cause,
 * which frees its name and fails its callers' later calls, and its host is told to stop it, which
 * gives its resources back. The job's actors are found by the actor table's index by job
 * ({@link org.miniray.gcs.ActorTable#ofJob}), not by scanning the task table.
 */
public final class JobActors {
  private static final Logger log = LoggerFactory.getLogger(JobActors.class);
  private static final long READ_TIMEOUT_S = 30;

  private JobActors() {}

  /** Ends the actors of {@code job} that are not detached; returns how many it ended. */
  public static int end(Gcs gcs, Transport transport, JobId job, String cause) {
    List<ActorId> created;
    try {
      created = gcs.actorTable().ofJob(job).get(READ_TIMEOUT_S, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("cannot end the actors of job {}: the actor table did not answer: {}", job, e.toString());
      return 0;
    }
    int ended = 0;
    for (ActorId id : created) {
      Optional<ActorEntry> e = gcs.actorTable().lookup(id).join();
      if (e.isEmpty() || e.get().detached() || e.get().state() == ActorState.DEAD) {
        continue;
      }
      try {
        gcs.actorTable().put(e.get().withState(ActorState.DEAD, null, cause)).get(READ_TIMEOUT_S, TimeUnit.SECONDS);
      } catch (Exception unwritable) {
        // The GCS is gone (its ZooKeeper stopped first, say): a shutdown must still finish.
        log.warn("cannot end the actors of job {}: the actor table was not written: {}", job, unwritable.toString());
        return ended;
      }
      if (e.get().node() != null) {
        try {
          transport.connect(e.get().node()).killActor(id, cause);
        } catch (RuntimeException unreachable) {
          // its node is gone: so is the actor
        }
      }
      ended++;
    }
    if (ended > 0) {
      log.info("ended {} actors of job {}: {}", ended, job, cause);
    }
    return ended;
  }
}
