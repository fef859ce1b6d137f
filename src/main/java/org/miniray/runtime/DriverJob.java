package org.miniray.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.miniray.api.exception.RayException;
import org.miniray.common.Clock;
import org.miniray.config.MinirayConfig;
import org.miniray.gcs.Gcs;
import org.miniray.gcs.JobInfo;
import org.miniray.gcs.JobState;
import org.miniray.id.JobId;
import org.miniray.id.NodeId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A driver's row in the GCS job table, for both kinds of driver (an embedded cluster's and a
 * driver process joined to a head): registered when the driver starts, which gives the job its
 * id, and marked finished when it shuts down.
 */
public final class DriverJob {
  private static final Logger log = LoggerFactory.getLogger(DriverJob.class);
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private final Gcs gcs;
  private final JobId id;
  private final Clock clock;

  private DriverJob(Gcs gcs, JobId id, Clock clock) {
    this.gcs = gcs;
    this.id = id;
    this.clock = clock;
  }

  /**
   * Registers the job of the driver that submits through {@code driver}, on {@code host}, in this
   * process; a clear error if the job table does not answer.
   */
  public static DriverJob register(Gcs gcs, NodeId driver, String host, Clock clock, MinirayConfig config) {
    String namespace = Namespaces.fromConfig(config);
    JobInfo info = new JobInfo(driver, host, ProcessHandle.current().pid(), entryPoint(), clock.epochMillis(),
        namespace);
    try {
      JobId id = gcs.jobTable().add(info).get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
      log.info("driver {} runs job {} (number {})", driver, id, id.value());
      return new DriverJob(gcs, id, clock);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RayException("interrupted while registering the job of driver " + driver);
    } catch (Exception e) {
      throw new RayException("cannot register the job of driver " + driver + " in the GCS job table: "
          + (e.getCause() != null ? e.getCause() : e), e);
    }
  }

  public JobId id() {
    return id;
  }

  /** Marks the job finished; if the GCS is gone or slow, says so and goes on (the driver is shutting down). */
  public void finish() {
    try {
      gcs.jobTable().end(id, JobState.FINISHED, clock.epochMillis()).get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.warn("could not mark job {} finished in the GCS job table: {}", id, e.toString());
    }
  }

  /**
   * The main class the JVM was started with, as its launcher recorded it ({@code sun.java.command}
   * is the class name or the jar's path, then the arguments); for a jar, the jar's file name. Null
   * when the launcher did not say.
   */
  static String entryPoint() {
    String command = System.getProperty("sun.java.command", "").trim();
    if (command.isEmpty()) {
      return null;
    }
    String first = command.split("\\s+", 2)[0];
    return first.endsWith(".jar") ? Path.of(first).getFileName().toString() : first;
  }
}
