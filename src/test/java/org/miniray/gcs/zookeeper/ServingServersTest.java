package org.miniray.gcs.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.junit.jupiter.api.Test;
import org.miniray.gcs.zookeeper.ZooKeeperProbe.State;

/**
 * Issue 15's failover tail: a session is moved only to a server that says it serves twice, a few
 * ms apart, since a follower that has not yet noticed its leader's death says so once and then
 * drops the session.
 */
class ServingServersTest {
  private static final InetSocketAddress A = InetSocketAddress.createUnresolved("127.0.0.1", 2181);
  private static final InetSocketAddress B = InetSocketAddress.createUnresolved("127.0.0.1", 2182);
  private static final InetSocketAddress C = InetSocketAddress.createUnresolved("127.0.0.1", 2183);

  /** Each server's answers in turn (the last one repeated), and what was asked and paused, in order. */
  private final Map<InetSocketAddress, Queue<State>> answers = new HashMap<>();
  private final List<String> seen = new ArrayList<>();

  private void answers(InetSocketAddress server, State... states) {
    answers.put(server, new ArrayDeque<>(List.of(states)));
  }

  private ServingServers servers() {
    return new ServingServers(List.of(A, B, C), server -> {
      Queue<State> q = answers.get(server);
      State s = q.size() > 1 ? q.poll() : q.peek();
      seen.add(server.getPort() + " " + s);
      return s;
    }, ms -> seen.add("pause " + ms));
  }

  @Test
  void aFollowerThatStopsServingBetweenTheTwoAsksIsPassedOver() throws Exception {
    answers(A, State.SERVING, State.NOT_SERVING); // noticed its leader's death in between
    answers(B, State.SERVING);
    answers(C, State.DOWN);

    assertThat(servers().confirmed(List.of(C))).as("where the session moves").isEqualTo(B);
    assertThat(seen).as("asks and pauses").containsExactly("2181 SERVING", "pause " + ServingServers.CONFIRM_AFTER_MS,
        "2181 NOT_SERVING", "2182 SERVING", "pause " + ServingServers.CONFIRM_AFTER_MS, "2182 SERVING");
  }

  @Test
  void serversToAvoidAreAskedLastAndTakenIfNothingElseServes() throws Exception {
    answers(A, State.SERVING); // where a move just failed
    answers(B, State.NOT_SERVING);
    answers(C, State.DOWN); // the server lost

    assertThat(servers().confirmed(List.of(C, A))).isEqualTo(A);
    assertThat(seen).containsExactly("2182 NOT_SERVING", "2181 SERVING", "pause " + ServingServers.CONFIRM_AFTER_MS,
        "2181 SERVING");
  }

  @Test
  void noServerServingTwiceMovesNothing() throws Exception {
    answers(A, State.SERVING, State.NOT_SERVING);
    answers(B, State.UNKNOWN); // srvr not on its whitelist: nobody can tell
    answers(C, State.NOT_SERVING);

    assertThat(servers().confirmed(List.of())).isNull();
    assertThat(seen).containsExactly("2181 SERVING", "pause " + ServingServers.CONFIRM_AFTER_MS, "2181 NOT_SERVING",
        "2182 UNKNOWN", "2183 NOT_SERVING");
  }
}
