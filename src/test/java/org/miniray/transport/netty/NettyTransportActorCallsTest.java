package org.miniray.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.miniray.transport.NodeUnreachableException;

/** Actor calls between two transports over loopback: queued per node, sent in batches, in order. */
class NettyTransportActorCallsTest {
  private static final NodeId HOST = new NodeId("host");
  private static final ActorId ACTOR = new ActorId(new TaskId(99));
  private static final FunctionDescriptor M = new FunctionDescriptor("a.B", "m", "()V", FunctionDescriptor.Kind.INSTANCE);

  private final ClusterToken token = ClusterToken.generate();
  private final WireCodec codec = Protocol.codec();
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  /** The host's node: records the calls it gets and how many messages brought them. */
  private static final class Host extends IdleNode {
    final List<Long> calls = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger batches = new AtomicInteger();

    @Override
    public void submitActorTask(TaskSpec spec) {
      calls.add(spec.sequenceNumber());
    }

    @Override
    public void submitActorTasks(List<TaskSpec> specs) {
      batches.incrementAndGet();
      super.submitActorTasks(specs);
    }
  }

  private static TaskSpec call(long seq) {
    return new TaskSpec(new TaskId(1000 + seq), new JobId(1), new TaskId(1), TaskKind.ACTOR_METHOD, M, List.of(),
        ResourceSet.EMPTY, "c#" + seq, new NodeId("caller"), ACTOR, new TaskId(1), seq, 0, 0);
  }

  /** A transport whose nodes' messages arrive from a server of its own; returns the caller's transport. */
  private NettyTransport pair(Host host) {
    NettyTransport receiving = new NettyTransport(codec, RpcConfig.defaults(), token, id -> null);
    receiving.bind(HOST, host);
    WireHandlers handlers = new WireHandlers("the receiving process", codec);
    receiving.serveOn(handlers);
    RpcServer server = RpcServer.start(RpcConfig.defaults().withHost("127.0.0.1").withPort(0), token, handlers);
    open.add(server);
    InetSocketAddress at = server.localAddress();
    NettyTransport calling = new NettyTransport(codec, RpcConfig.defaults(), token, id -> id.equals(HOST) ? at : null);
    open.add(calling);
    open.add(receiving);
    return calling;
  }

  @Test
  void aBurstOfCallsArrivesInOrderInFewerMessagesThanCalls() {
    Host host = new Host();
    NodeService stub = pair(host).connect(HOST);
    int n = 20_000; // more than MAX_CALLS_QUEUED: the caller sends some itself
    for (int i = 0; i < n; i++) {
      stub.submitActorTask(call(i));
    }
    Awaitility.await().until(() -> host.calls.size() == n);
    List<Long> expected = new ArrayList<>();
    for (long i = 0; i < n; i++) {
      expected.add(i);
    }
    assertThat(host.calls).isEqualTo(expected);
    assertThat(host.batches.get()).as("messages carrying several calls").isPositive();
  }

  @Test
  void aSingleCallArrivesAlone() {
    Host host = new Host();
    NodeService stub = pair(host).connect(HOST);
    stub.submitActorTask(call(0));
    Awaitility.await().until(() -> host.calls.size() == 1);
    assertThat(host.calls).containsExactly(0L);
  }

  @Test
  void aCallToAnUnknownNodeFailsAtOnce() {
    NettyTransport calling = pair(new Host());
    assertThatThrownBy(() -> calling.connect(new NodeId("nowhere")).submitActorTask(call(0)))
        .isInstanceOf(NodeUnreachableException.class);
  }
}
