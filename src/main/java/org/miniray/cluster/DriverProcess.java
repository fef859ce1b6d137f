package org.miniray.cluster;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.miniray.common.Clock;
import org.miniray.config.MinirayConfig;
import org.miniray.function.FunctionManager;
import org.miniray.id.JobId;
import org.miniray.node.NodeServices;
import org.miniray.runtime.DriverJob;
import org.miniray.runtime.JobEnding;
import org.miniray.task.ResourceSet;
import org.miniray.transport.netty.ClusterToken;

/**
 * A driver program's process joined to a head: a node with no resources of its own, through which
 * the program's tasks enter the cluster (they go to the head node's local scheduler), and which
 * holds the program's {@code put} objects and ships its code.
 */
final class DriverProcess extends JoinedProcess {
  private final DriverJob job;
  private final AtomicBoolean left = new AtomicBoolean();
  // A program that exits without Ray.shutdown() has ended too, not failed: say so on the way out.
  // (A process killed outright runs no hook: the failure detector finds it silent, its job failed.)
  private final Thread onExit;

  private DriverProcess(RemoteHead head, ClusterMember member, DriverJob job) {
    super(head, member);
    this.job = job;
    this.onExit = new Thread(() -> leaving(head), "miniray-driver-exit");
    Runtime.getRuntime().addShutdownHook(onExit);
  }

  /** Connects a driver, listening on {@code host} (any free port), to whichever of {@code heads} is the active head. */
  static DriverProcess connect(MinirayConfig config, List<InetSocketAddress> heads, String host, ClusterToken token) {
    ProcessNetwork net = new ProcessNetwork(config, host, 0, token, "a driver");
    RemoteHead remote = new RemoteHead(net, heads);
    // A job's code travels through the function table: its driver ships it, nodes load it per job.
    FunctionManager functions = FunctionManager.forThisThread(remote.gcs().functionTable(), true);
    ClusterMember member = new ClusterMember("driver", net, config, ResourceSet.EMPTY, new NodeServices(remote.gcs(),
        net.transport(), remote.driverSubmissions(), remote.lineage(), net.serializer(), functions), List::of);
    // Task and object ids derive from the job id, so each driver needs its own: the head's job
    // table numbers them in order (1, 2, ...), never twice.
    DriverJob job;
    try {
      job = DriverJob.register(remote.gcs(), member.node().id(), member.address().getHostString(), Clock.SYSTEM,
          config);
    } catch (RuntimeException e) {
      member.close();
      remote.close();
      throw e;
    }
    DriverProcess driver = new DriverProcess(remote, member, job);
    driver.watchHead();
    return driver;
  }

  /** Every {@code get} of the program, waiting or to come, fails with {@code why}: its job cannot go on. */
  @Override
  void headLost(String why) {
    member().node().objects().kill(new IllegalStateException("job " + job.id().hex() + " cannot go on: " + why));
  }

  /** Its tasks go to the head node's local scheduler, whose node writes their rows ({@code Node.submitFromDriver}). */
  @Override
  public boolean driverSubmitsCarryRows() {
    return true;
  }

  @Override
  public JobId job() {
    return job.id();
  }

  /**
   * A driver that ends says so at once, rather than being found silent by the failure detector
   * ten seconds later: its job is finished (not failed), status and the dashboard show its driver
   * as ended, and the head drops its objects' locations now. The job first, so that the failure
   * detector never sees a driver marked dead whose job still runs.
   */
  @Override
  void leaving(RemoteHead head) {
    if (!left.compareAndSet(false, true)) {
      return;
    }
    if (Thread.currentThread() != onExit) {
      try {
        Runtime.getRuntime().removeShutdownHook(onExit);
      } catch (IllegalStateException exiting) {
        // the JVM is exiting already; the hook finds this driver gone
      }
    } else { // exited without Ray.shutdown(), which would have ended the job: end it on the way out
      JobEnding.end(head.gcs(), member().services().transport(), job.id(), "its job " + job.id().hex()
          + " ended (its driver exited without Ray.shutdown())");
    }
    job.finish();
    try {
      head.gcs().nodeTable().markDead(member().node().id()).get(5, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      // The head is gone or slow: its failure detector will find this driver silent instead.
    }
  }
}
