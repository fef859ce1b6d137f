package org.miniray.transport;

import java.util.Collection;
import org.miniray.id.NodeId;

/**
 * The knobs of an unreliable network, as MIT 6.5840's labrpc has them. A dropped message looks
 * to its sender like an unreachable node (the call throws {@link NodeUnreachableException}, as a
 * timed-out RPC would); a delayed one arrives later, so messages overtake one another.
 */
public interface NetworkFaults {

  /** Drops each message with probability {@code p} (0 turns dropping off). */
  void dropMessages(double p);

  /** Delays each message with probability {@code p} by up to {@code maxMillis}; delays reorder messages. */
  void delayMessages(double p, long maxMillis);

  /** Cuts {@code side} off from every other node and from the cluster's services, both ways. */
  void partition(Collection<NodeId> side);

  /** Ends the partition and every drop and delay. */
  void heal();
}
