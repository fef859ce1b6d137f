package org.miniray.cluster;

import org.miniray.config.Keys;
import org.miniray.id.ActorId;

/**
 * A process that joined a head (a {@link NodeProcess} or a {@link DriverProcess}): its member,
 * and the head's control plane reached over the network, which looks after the actors it creates.
 */
abstract class JoinedProcess implements ClusterProcess {
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
    watch = HeadWatch.start(head.membershipClient(), this::headLost, member.config().get(Keys.HEARTBEAT_INTERVAL_MS));
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
