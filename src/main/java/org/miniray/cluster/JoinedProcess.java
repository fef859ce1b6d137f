package org.miniray.cluster;

import org.miniray.config.Keys;
import org.miniray.id.ActorId;
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
      public void restarted() {
        headRestarted();
      }
    };
    watch = HeadWatch.start(head.membershipClient(), listener, member.config().get(Keys.HEARTBEAT_INTERVAL_MS));
  }

  /**
   * A new head process took over the cluster's state (its GCS outlived the old one): this
   * process's copies are published again, since location writes sent as the old head died were
   * lost with it, and an object made here during the outage would otherwise be known nowhere.
   */
  private void headRestarted() {
    int n = member.node().objects().publishEveryCopy();
    log.info("a new head process answers: published the locations of this process's {} objects again", n);
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
