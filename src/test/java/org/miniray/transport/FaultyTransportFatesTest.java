package org.miniray.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.miniray.id.NodeId;

/**
 * A message's fate under {@link FaultyTransport} depends on the seed and its place on its own
 * link, not on what other links carried: the property that lets a seed replay the same faults
 * when another node's traffic shifts with thread timing.
 */
class FaultyTransportFatesTest {
  private static final NodeId HOST = new NodeId("host");
  private static final NodeId A = new NodeId("a");
  private static final NodeId B = new NodeId("b");
  private static final int MESSAGES = 60;

  @Test
  void aLinksDropsRepeatFromTheSeedWhateverTheOtherLinksCarry() {
    List<Boolean> alone = dropsOnLinkFromA(7, 0);
    List<Boolean> amidOtherTraffic = dropsOnLinkFromA(7, 3);
    assertThat(alone).as("drops on a->host alone").contains(true, false);
    assertThat(amidOtherTraffic).as("drops on a->host while b->host sends too, same seed").isEqualTo(alone);
    assertThat(dropsOnLinkFromA(8, 0)).as("drops on a->host with another seed").isNotEqualTo(alone);
  }

  /** Which of a's messages to the host were dropped; before the i-th, b sends {@code i % (between + 1)} of its own. */
  private static List<Boolean> dropsOnLinkFromA(long seed, int between) {
    FaultyTransport t = new FaultyTransport(new InJvmTransport(), seed);
    try {
      t.bind(HOST, new IdleNode());
      t.dropMessages(0.5);
      NodeService fromA = t.from(A).connect(HOST);
      NodeService fromB = t.from(B).connect(HOST);
      List<Boolean> dropped = new ArrayList<>();
      for (int i = 0; i < MESSAGES; i++) {
        for (int j = 0; j < i % (between + 1); j++) {
          send(fromB);
        }
        dropped.add(!send(fromA));
      }
      return dropped;
    } finally {
      t.close();
    }
  }

  /** Sends one one-way message; false if the transport dropped it. */
  private static boolean send(NodeService to) {
    try {
      to.freeObjects(List.of());
      return true;
    } catch (NodeUnreachableException dropped) {
      return false;
    }
  }
}
