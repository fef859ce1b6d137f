package org.miniray.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.miniray.id.ActorId;
import org.miniray.id.JobId;
import org.miniray.id.NodeId;
import org.miniray.id.TaskId;
import org.miniray.serialization.WireCodec;
import org.miniray.task.FunctionDescriptor;
import org.miniray.task.ResourceSet;
import org.miniray.task.TaskKind;
import org.miniray.task.TaskSpec;
import org.miniray.transport.IdleNode;
import org.miniray.transport.NodeService;

/**
 * Tasks placed on a node of another process go in batches ({@code PLACE_TASKS}): a burst arrives
 * whole and in order, a lone one arrives alone, and a message sent to the node after placements
 * arrives after them.
 */
class NettyTransportPlacementsTest {
  private static final NodeId HOST = new NodeId("host");
  private static final FunctionDescriptor F = new FunctionDescriptor("a.B", "f", "()V", FunctionDescriptor.Kind.STATIC);
  private static final ActorId MARKER = new ActorId(new TaskId(7));

  private final ClusterToken token = ClusterToken.generate();
  private final WireCodec codec = Protocol.codec();
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  /** Records, in order, the tasks placed on it and the actors it was told to kill. */
  private static final class Host extends IdleNode {
    final List<Object> got = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void placeTask(TaskSpec spec) {
      got.add(spec.taskId());
    }

    @Override
    public void killActor(ActorId actor, String reason) {
      got.add(actor);
    }
  }

  private static TaskSpec task(long i) {
    return new TaskSpec(new TaskId(1000 + i), new JobId(1), TaskId.forDriver(new JobId(1)), TaskKind.NORMAL, F,
        List.of(), ResourceSet.of("CPU", 1), "t" + i, new NodeId("owner"), null, null, 0, 0, 0);
  }

  private static List<Object> ids(int n) {
    List<Object> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(new TaskId(1000 + i));
    }
    return ids;
  }

  /** The host's node reached from another transport over loopback. */
  private NodeService stubOf(Host host) {
    NettyTransport receiving = new NettyTransport(codec, RpcConfig.defaults(), token, id -> null);
    receiving.bind(HOST, host);
    WireHandlers handlers = new WireHandlers("the receiving process", codec);
    receiving.serveOn(handlers);
    RpcServer server = RpcServer.start(RpcConfig.defaults().withHost("127.0.0.1").withPort(0), token, handlers);
    open.add(server);
    NettyTransport placing = new NettyTransport(codec, RpcConfig.defaults(), token,
        id -> id.equals(HOST) ? server.localAddress() : null);
    open.add(placing);
    open.add(receiving);
    return placing.connect(HOST);
  }

  @Test
  void aBurstOfPlacementsArrivesWholeAndInOrder() {
    Host host = new Host();
    NodeService node = stubOf(host);
    int n = 20_000; // more than are queued at most: the placing thread sends some itself
    for (int i = 0; i < n; i++) {
      node.placeTask(task(i));
    }
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> host.got.size() == n);
    assertThat(host.got).as("tasks in the order placed").isEqualTo(ids(n));
  }

  @Test
  void aLonePlacementArrivesAlone() {
    Host host = new Host();
    stubOf(host).placeTask(task(0));
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> host.got.size() == 1);
    assertThat(host.got).containsExactly(new TaskId(1000));
  }

  @Test
  void aMessageSentAfterPlacementsArrivesAfterThem() {
    Host host = new Host();
    NodeService node = stubOf(host);
    for (int i = 0; i < 2_000; i++) {
      node.placeTask(task(i));
    }
    node.killActor(MARKER, "test");
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> host.got.size() == 2_001);
    List<Object> expected = ids(2_000);
    expected.add(MARKER);
    assertThat(host.got).as("what the node got, in order").isEqualTo(expected);
  }
}
