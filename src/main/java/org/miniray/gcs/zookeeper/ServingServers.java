package org.miniray.gcs.zookeeper;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Which server of the ensemble a disconnected session should move to ({@link ZooKeeperReconnector}):
 * the first, in the ensemble's order with the servers to avoid last, that says it serves twice,
 * {@value #CONFIRM_AFTER_MS} ms apart.
 *
 * <p>Why twice: just after a leader dies, a follower that has not yet noticed still answers
 * {@code srvr} as a follower. A session moved there is dropped a moment later, before it ever
 * connects, and in {@code make bench-gcs} two of five leader kills then stalled about a second,
 * until the ZooKeeper client reconnected by itself after its random sleep. A follower notices its
 * leader's death as soon as their connection breaks, so a second answer a few milliseconds later
 * tells the two apart. Servers are asked in order and the first that serves is asked again after
 * the pause, so a move costs one pause more than before (two if that follower was first), and the
 * servers after it, the lost one last, are not asked at all (a crashed host costs a probe's timeout).
 */
final class ServingServers {
  static final int CONFIRM_AFTER_MS = 10;

  /** Asks one server what it does: {@link ZooKeeperProbe#ask} with a timeout, or a test's answers. */
  @FunctionalInterface
  interface Asker {
    ZooKeeperProbe.State ask(InetSocketAddress server);
  }

  /** Waits between the two asks: {@link Thread#sleep}, or a test's clock. */
  @FunctionalInterface
  interface Pause {
    void millis(long ms) throws InterruptedException;
  }

  private final List<InetSocketAddress> servers;
  private final Asker asker;
  private final Pause pause;

  ServingServers(List<InetSocketAddress> servers, Asker asker, Pause pause) {
    this.servers = List.copyOf(servers);
    this.asker = asker;
    this.pause = pause;
  }

  /**
   * The first server that serves at two asks, in the ensemble's order but with those in
   * {@code avoid} last (the server just lost, the one a move just failed on: they are taken only
   * if nothing else serves); null if none does.
   */
  InetSocketAddress confirmed(Collection<InetSocketAddress> avoid) throws InterruptedException {
    List<InetSocketAddress> order = new ArrayList<>(servers);
    order.sort((a, b) -> Boolean.compare(among(a, avoid), among(b, avoid)));
    for (InetSocketAddress a : order) {
      if (asker.ask(a) == ZooKeeperProbe.State.SERVING) {
        pause.millis(CONFIRM_AFTER_MS);
        if (asker.ask(a) == ZooKeeperProbe.State.SERVING) {
          return a;
        }
      }
    }
    return null;
  }

  private static boolean among(InetSocketAddress a, Collection<InetSocketAddress> avoid) {
    for (InetSocketAddress b : avoid) {
      if (ZooKeeperReconnector.same(a, b)) {
        return true;
      }
    }
    return false;
  }
}
