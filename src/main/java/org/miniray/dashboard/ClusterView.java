package org.miniray.dashboard;

import com.google.common.base.Suppliers;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.miniray.common.Clock;
import org.miniray.events.Event;
import org.miniray.gcs.ActorEntry;
import org.miniray.gcs.Gcs;
import org.miniray.gcs.JobSummary;
import org.miniray.gcs.NodeEntry;
import org.miniray.id.ActorId;

/**
 * What the dashboard reads: the one interface between it and the cluster. Calls may block (they
 * ask the GCS and every node), so the dashboard never makes them on a Netty event loop.
 */
public interface ClusterView {

  /** Every node the cluster has known, alive or dead, with its latest heartbeat. */
  List<NodeEntry> nodes();

  /** The events of every process that answers, oldest first. */
  List<Event> events();

  /** Every job of the job table, with its tasks by status and its actors. */
  List<JobSummary> jobs();

  /** The actor table's row for {@code id}, if there is one. */
  Optional<ActorEntry> actor(ActorId id);

  /** Now, by the clock the events were stamped with (to say how long a running task has run). */
  long nanoTime();

  /** Now, in milliseconds since the epoch (to say how long a running job has run). */
  long epochMillis();

  /**
   * A view of {@code gcs} and of {@code events} (which asks every process, so it is asked at most
   * once per {@code refresh}: the page's several requests of one poll share it; so are the jobs,
   * which scan the task table).
   */
  static ClusterView of(Gcs gcs, Supplier<List<Event>> events, Duration refresh) {
    Supplier<List<Event>> shared = refresh.isZero() ? events
        : Suppliers.memoizeWithExpiration(events::get, refresh.toNanos(), TimeUnit.NANOSECONDS);
    Supplier<List<JobSummary>> read = () -> JobSummary.read(gcs, Duration.ofSeconds(10));
    Supplier<List<JobSummary>> jobs = refresh.isZero() ? read
        : Suppliers.memoizeWithExpiration(read::get, refresh.toNanos(), TimeUnit.NANOSECONDS);
    return new ClusterView() {
      @Override
      public List<NodeEntry> nodes() {
        return await(gcs.nodeTable().all(), "the node table");
      }

      @Override
      public List<Event> events() {
        return shared.get();
      }

      @Override
      public List<JobSummary> jobs() {
        return jobs.get();
      }

      @Override
      public Optional<ActorEntry> actor(ActorId id) {
        return await(gcs.actorTable().lookup(id), "the actor table");
      }

      @Override
      public long nanoTime() {
        return Clock.SYSTEM.nanoTime();
      }

      @Override
      public long epochMillis() {
        return Clock.SYSTEM.epochMillis();
      }
    };
  }

  private static <T> T await(java.util.concurrent.CompletableFuture<T> f, String what) {
    try {
      return f.get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading " + what, e);
    } catch (Exception e) {
      throw new IllegalStateException("could not read " + what + ": " + e.getMessage(), e);
    }
  }
}
