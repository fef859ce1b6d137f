package org.miniray.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.miniray.id.ActorId;
import org.miniray.id.JobId;
import org.miniray.id.NodeId;
import org.miniray.id.TaskId;
import org.miniray.serialization.WireCodec;
import org.miniray.task.FunctionDescriptor;
import org.miniray.task.ResourceSet;
import org.miniray.task.TaskKind;
import org.miniray.task.TaskSpec;
import org.miniray.transport.netty.Protocol.DriverTasks;
import org.miniray.transport.netty.Protocol.Message;

/**
 * A driver's submits on its connection to the head, sent in batches ({@link WireClient#batchSending}):
 * a burst arrives in order in fewer messages than tasks, a lone submit goes alone, a message sent
 * after queued submits arrives after them, and a malformed batch is refused, named.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WireClientBatchingTest {
  private static final FunctionDescriptor F = new FunctionDescriptor("a.B", "f", "()V", FunctionDescriptor.Kind.STATIC);
  private static final ActorId MARKER = new ActorId(new TaskId(7));

  private final WireCodec codec = Protocol.codec();
  private final ClusterToken token = ClusterToken.generate();
  /** What the head took, in order: a task's id, or the marker's. */
  private final List<Object> arrived = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger singles = new AtomicInteger();
  private final AtomicInteger batches = new AtomicInteger();
  private RpcServer server;
  private RpcClient raw;
  private WireClient client;

  @BeforeEach
  void start() {
    WireHandlers handlers = new WireHandlers("the test head", codec)
        .take(Message.SUBMIT_FROM_DRIVER, (from, m) -> {
          singles.incrementAndGet();
          arrived.add(((TaskSpec) m).taskId());
        })
        .take(Message.SUBMIT_FROM_DRIVER_BATCH, (from, m) -> {
          batches.incrementAndGet();
          ((DriverTasks) m).tasks().forEach(t -> arrived.add(t.taskId()));
        })
        .take(Message.WATCH_ACTOR, (from, m) -> arrived.add(m));
    server = RpcServer.start(RpcConfig.defaults().withHost("127.0.0.1").withPort(0), token, handlers);
    raw = RpcClient.connect(RpcConfig.defaults(), token, server.localAddress(), RpcHandler.none());
    client = new WireClient(raw, codec);
    client.batchSending(new MessageBatch.Form<TaskSpec>(Message.SUBMIT_FROM_DRIVER, spec -> spec,
        Message.SUBMIT_FROM_DRIVER_BATCH, DriverTasks::new, 512, 8_192));
  }

  @AfterEach
  void stop() {
    raw.close();
    server.close();
  }

  private static TaskSpec task(long i) {
    return new TaskSpec(new TaskId(1000 + i), new JobId(1), TaskId.forDriver(new JobId(1)), TaskKind.NORMAL, F,
        List.of(), ResourceSet.of("CPU", 1), "t" + i, new NodeId("driver"), null, null, 0, 0, 0);
  }

  private static List<Object> ids(int from, int to) {
    List<Object> ids = new ArrayList<>();
    for (int i = from; i < to; i++) {
      ids.add(new TaskId(1000 + i));
    }
    return ids;
  }

  private static org.awaitility.core.ConditionFactory eventually() {
    return Awaitility.await().atMost(Duration.ofSeconds(60));
  }

  @Test
  void aBurstOfSubmitsArrivesInOrderInFewerMessagesThanTasks() {
    int n = 20_000; // more than the 8,192 queued: the submitting thread sends some itself
    for (int i = 0; i < n; i++) {
      client.send(Message.SUBMIT_FROM_DRIVER, task(i));
    }
    eventually().until(() -> arrived.size() == n);
    assertThat(arrived).as("tasks in the order submitted").isEqualTo(ids(0, n));
    assertThat(batches.get()).as("messages carrying several tasks").isPositive();
    assertThat(singles.get() + batches.get()).as("messages for %d tasks", n).isLessThan(n);
  }

  @Test
  void aLoneSubmitGoesAloneWithoutWaitingForAnother() {
    client.send(Message.SUBMIT_FROM_DRIVER, task(0));
    // Nothing else is sent: a submit that waited for company would never arrive.
    eventually().until(() -> arrived.size() == 1);
    assertThat(arrived).containsExactly(new TaskId(1000));
    assertThat(singles.get()).as("messages of one task").isEqualTo(1);
    assertThat(batches.get()).as("batches").isZero();
  }

  @Test
  void aMessageSentAfterQueuedSubmitsArrivesAfterThem() {
    for (int i = 0; i < 2_000; i++) {
      client.send(Message.SUBMIT_FROM_DRIVER, task(i));
    }
    client.send(Message.WATCH_ACTOR, MARKER);
    eventually().until(() -> arrived.size() == 2_001);
    List<Object> expected = ids(0, 2_000);
    expected.add(MARKER);
    assertThat(arrived).as("what the head took, in order: the tasks, then the message sent after them")
        .isEqualTo(expected);
  }

  @Test
  void aMalformedBatchIsRefusedWithAnErrorThatSaysWhy() {
    assertThatThrownBy(() -> client.send(Message.SUBMIT_FROM_DRIVER_BATCH, new DriverTasks(List.of(task(0)))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SUBMIT_FROM_DRIVER_BATCH batch must hold at least two tasks, not 1");
    List<TaskSpec> withAHole = new ArrayList<>(List.of(task(0), task(1)));
    withAHole.add(null);
    assertThatThrownBy(() -> client.send(Message.SUBMIT_FROM_DRIVER_BATCH, new DriverTasks(withAHole)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no task at position 2 of 3");

    // A peer that sends one anyway (its bytes encoded without the check) is refused at the head.
    try (LogCapture log = new LogCapture(WireHandlers.class)) {
      raw.send(Message.SUBMIT_FROM_DRIVER_BATCH.number(), codec.encode(new DriverTasks(List.of())));
      client.send(Message.WATCH_ACTOR, MARKER); // after the bad one on the same connection
      eventually().until(() -> arrived.contains(MARKER));
      assertThat(arrived).as("what the head took: not the malformed batch").containsExactly(MARKER);
      assertThat(log.lines()).anySatisfy(line -> assertThat(line).startsWith("WARN")
          .contains("malformed SUBMIT_FROM_DRIVER_BATCH (202)")
          .contains("must hold at least two tasks, not 0"));
    }
  }
}
