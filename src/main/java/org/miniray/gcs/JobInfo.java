package org.miniray.gcs;

import java.util.Objects;
import org.miniray.id.NodeId;

/**
 * What a driver says of its job when it starts: who runs it and since when. The job table keeps
 * it as given; its times are for people to read (see {@link JobEntry}).
 *
 * @param driver the node the driver program submits through (a driver process's own node, or the
 *     first node of an embedded cluster): when the failure detector declares it dead, the job failed
 * @param host the machine the driver runs on
 * @param pid the driver's process id
 * @param entryPoint the driver program's main class, or null when it is not known
 * @param startMillis when the driver started, in milliseconds since the epoch (its clock)
 * @param namespace where the job's named actors live, as the driver set it ({@code miniray.namespace}),
 *     or null for a namespace of the job's own
 */
public record JobInfo(NodeId driver, String host, long pid, String entryPoint, long startMillis, String namespace) {
  public JobInfo {
    Objects.requireNonNull(driver, "driver");
    Objects.requireNonNull(host, "host");
  }

  /** A job whose named actors live in a namespace of its own. */
  public JobInfo(NodeId driver, String host, long pid, String entryPoint, long startMillis) {
    this(driver, host, pid, entryPoint, startMillis, null);
  }
}
