package org.miniray.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.miniray.id.JobId;
import org.miniray.id.TaskId;
import org.miniray.serialization.WireCodec;
import org.miniray.transport.netty.Protocol.Message;

/** Every frame a process receives is checked against the protocol table, and a bad one is named. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WireHandlersTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final WireCodec codec = Protocol.codec();
  private final ClusterToken token = ClusterToken.generate();
  private RpcServer server;
  private RpcClient raw;
  private WireClient client;

  @BeforeEach
  void start() {
    WireHandlers handlers = new WireHandlers("the test server", codec)
        .answer(Message.TASK_LOOKUP, (from, id) -> CompletableFuture.completedFuture(Optional.of(id)));
    server = RpcServer.start(RpcConfig.defaults().withHost("127.0.0.1").withPort(0), token, handlers);
    raw = RpcClient.connect(RpcConfig.defaults(), token, server.localAddress(), RpcHandler.none());
    client = new WireClient(raw, codec);
  }

  @AfterEach
  void stop() {
    raw.close();
    server.close();
  }

  private String remoteError(int type, byte[] body) {
    ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        () -> raw.call(type, body).get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    return e.getCause().getMessage();
  }

  @Test
  void aServedRequestIsAnsweredWithItsTypedReply() throws Exception {
    TaskId id = TaskId.forDriver(new JobId(7));
    Optional<TaskId> reply = client.<Optional<TaskId>>call(Message.TASK_LOOKUP, id).get(10, TimeUnit.SECONDS);
    assertThat(reply).contains(id);
  }

  @Test
  void aNumberNotInTheTableIsRefusedByNumber() {
    assertThat(remoteError(999, codec.encode(null))).contains("message type 999").contains("not in the protocol");
  }

  @Test
  void aMessageTheProcessDoesNotServeIsRefusedByName() {
    assertThat(remoteError(Message.NODE_ALL.number(), codec.encode(null)))
        .contains("NODE_ALL (143)").contains("the test server does not take");
  }

  @Test
  void aBodyOfTheWrongTypeIsRefusedAsMalformed() {
    assertThat(remoteError(Message.TASK_LOOKUP.number(), codec.encode("not a task id")))
        .contains("malformed TASK_LOOKUP (112)").contains("TaskId").contains("java.lang.String");
  }

  @Test
  void bytesThatDoNotDecodeAreRefusedAsMalformed() {
    assertThat(remoteError(Message.TASK_LOOKUP.number(), new byte[] {1, 2, 3}))
        .contains("malformed TASK_LOOKUP (112)");
  }

  @Test
  void aStubCannotSendARequestOneWayNorABodyOfTheWrongType() {
    assertThatThrownBy(() -> client.send(Message.TASK_LOOKUP, TaskId.forDriver(new JobId(1))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TASK_LOOKUP (112) is a request");
    assertThatThrownBy(() -> client.call(Message.TASK_LOOKUP, "text"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TASK_LOOKUP (112) carries a TaskId");
  }

  @Test
  void everyMessageHasOneNumberAndIsFoundByIt() {
    for (Message m : Message.values()) {
      assertThat(Message.of(m.number())).as("the message numbered %d", m.number()).isSameAs(m);
      assertThat(m.kind() == Protocol.Kind.ONE_WAY ? m.reply() : Void.class)
          .as("the reply type of one-way %s", m).isEqualTo(Void.class);
    }
  }
}
