package org.miniray.cluster;

import org.miniray.id.ActorId;

/**
 * A process that joined a head (a {@link NodeProcess} or a {@link DriverProcess}): its member,
 * and the head's control plane reached over the network, which looks after the actors it creates.
 */
abstract class JoinedProcess implements ClusterProcess {
  private final RemoteHead head;
  private final ClusterMember member;

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

  @Override
  public final void close() {
    member.close();
    leaving(head);
    head.close();
  }

  /** After this process's node closed, before its connection to the head does. */
  void leaving(RemoteHead head) {}
}
