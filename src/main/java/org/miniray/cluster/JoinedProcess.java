package org.miniray.cluster;

import org.miniray.config.Keys;
import org.miniray.id.ActorId;
import org.miniray.node.Node;
import org.miniray.objectstore.HeadRestartCopies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process that joined a head (a {@link NodeProcess} or a {@link DriverProcess}): its member,
 * and the head's control plane reached over the network, which looks after the actors it creates.
 */
abstract class JoinedProcess implements ClusterProcess {
  private static final Logger log = LoggerFactory.getLogger(JoinedProcess.class);

  private final RemoteHead head;
  private final ClusterMember member;
  private volatile HeadWatch watch;

  JoinedProcess(RemoteHead head, ClusterMember member) {
    this.head = head;
    this.member = member;
  }

  @Override
  public final ClusterMember member() {
    return member;
  }

  @Override
  public final void actorCreated(ActorId id) {
    head.watch(id);
  }

  /**
   * Starts watching the head ({@link HeadWatch}), checking every heartbeat interval; called once
   * the process has joined.
   */
  final void watchHead() {
    HeadWatch.Listener listener = new HeadWatch.Listener() {
      @Override
      public void lost(String why) {
        headLost(why);
      }

      @Override
      public void restarted(long downSinceMillis) {
        headRestarted(downSinceMillis);
      }
    };
    watch = HeadWatch.start(head.membershipClient(), listener, member.config().get(Keys.HEARTBEAT_INTERVAL_MS));
  }

  /**
   * A new head process took over the cluster's state (its GCS outlived the old one). What this
   * process sent the old head as it died may be lost with it, so it is told again from what this
   * process holds: its copies are published again (a location write lost, and an object made here
   * during the outage was known nowhere), and its local scheduler is rebuilt from the task table
   * (paper section 4.2.1), which queues again a task the old head's global scheduler recorded as
   * placed here but whose hand-over died with it, and a driver's task whose submission did. First,
   * the one-way messages sent just before the old head went away go again: it may have taken them
   * without making them durable (a driver's task and its row, received but not yet in the GCS).
   */
  private void headRestarted(long downSinceMillis) {
    Node node = member.node();
    try {
      int again = head.sendAgainWhatWentOutBefore(downSinceMillis);
      int published = HeadRestartCopies.publishAgain(node.objects());
      Node.Rebuilt rebuilt = node.restartLocalScheduler();
      log.info("a new head process answers: sent again the {} one-way messages that went out just before the old one"
          + " went away, published the locations of this process's {} objects again, and queued {} tasks again from"
          + " the task table", again, published, rebuilt.queued().size());
    } catch (RuntimeException e) {
      log.warn("telling the new head process what this process holds failed: {}", e.toString());
    }
  }

  /**
   * The head died with the cluster's state ({@link HeadWatch.Listener#lost}). A node keeps trying
   * to reach a head, and registers again with a new one ({@code node.Membership}).
   */
  void headLost(String why) {}

  @Override
  public final void close() {
    HeadWatch w = watch;
    if (w != null) {
      w.close();
    }
    member.close();
    leaving(head);
    head.close();
  }

  /** After this process's node closed, before its connection to the head does. */
  void leaving(RemoteHead head) {}
}
