package org.miniray.gcs.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.miniray.transport.netty.Protocol;
import org.miniray.common.Clock;
import org.miniray.gcs.ObjectEntry;
import org.miniray.gcs.TaskEntry;
import org.miniray.gcs.memory.InMemoryGcs;
import org.miniray.id.JobId;
import org.miniray.id.NodeId;
import org.miniray.id.ObjectId;
import org.miniray.id.TaskId;
import org.miniray.serialization.WireCodec;
import org.miniray.task.FunctionDescriptor;
import org.miniray.task.ResourceSet;
import org.miniray.task.TaskKind;
import org.miniray.task.TaskSpec;
import org.miniray.task.TaskStatus;
import org.miniray.transport.netty.ClusterToken;
import org.miniray.transport.netty.RpcConfig;
import org.miniray.transport.netty.RpcConnection;
import org.miniray.transport.netty.RpcException;
import org.miniray.transport.netty.RpcHandler;
import org.miniray.transport.netty.RpcServer;
import org.miniray.transport.netty.WireHandlers;

/** A node that loses its connection to the head and gets it back keeps hearing the GCS's changes. */
class RemoteGcsTest {
  private final WireCodec codec = Protocol.codec();
  private final ClusterToken token = ClusterToken.generate();
  private final InMemoryGcs head = new InMemoryGcs(4, Clock.SYSTEM);
  private final List<RpcConnection> connections = new CopyOnWriteArrayList<>();
  private RpcServer server;
  private RemoteGcs remote;

  @BeforeEach
  void start() {
    serve(0);
    remote = RemoteGcs.connect(codec, RpcConfig.defaults(), token, server.localAddress());
  }

  /** Starts the head's GCS service on {@code port} (0: any free one), over the same GCS each time. */
  private void serve(int port) {
    WireHandlers service = new WireHandlers("the head", codec);
    new GcsService(head, codec).serveOn(service);
    server = RpcServer.start(RpcConfig.defaults().withPort(port), token, new RpcHandler() {
      @Override
      public CompletableFuture<?> onRequest(RpcConnection from, int type, byte[] body) {
        if (!connections.contains(from)) {
          connections.add(from);
        }
        return service.onRequest(from, type, body);
      }

      @Override
      public void onOneWay(RpcConnection from, int type, byte[] body) {
        service.onOneWay(from, type, body);
      }

      @Override
      public void onDisconnect(RpcConnection c) {
        service.onDisconnect(c);
      }
    });
  }

  @Test
  void callsAndWritesMadeWhileTheHeadIsAwayReachTheHeadThatComesBackInOrder() throws Exception {
    RemoteGcs patient = RemoteGcs.connect(codec, RpcConfig.defaults(), token, List.of(server.localAddress()), 60_000);
    try {
      int port = server.localAddress().getPort();
      ObjectId id = new ObjectId(new TaskId(5), 1);
      server.close(); // the head dies; its GCS (here, the same in-memory one) outlives it
      await("the connection is down").atMost(Duration.ofSeconds(10))
          .until(() -> !patient.client().connection().isConnected());
      CompletableFuture<Void> added = patient.objectTableWritingOneWay().addLocation(id, node("a"), 10);
      patient.objectTableWritingOneWay().removeLocation(id, node("a"));
      patient.objectTableWritingOneWay().addLocation(id, node("b"), 10);
      CompletableFuture<Optional<ObjectEntry>> seen = patient.objectTable().lookup(id);
      assertThat(added).as("a write while the head is away").isNotDone();
      assertThat(seen).as("a call while the head is away").isNotDone();

      serve(port); // a new head process at the same address

      assertThat(seen.get(30, TimeUnit.SECONDS)).as("the call answered after the writes made before it")
          .hasValueSatisfying(e -> assertThat(e.locations()).containsExactly(node("b")));
      assertThat(added).isCompleted();
    } finally {
      patient.close();
    }
  }

  @Test
  void aCallFailsNamingTheHeadOnceTheHeadStayedAwayForTheRetryTimeout() throws Exception {
    RemoteGcs patient = RemoteGcs.connect(codec, RpcConfig.defaults(), token, List.of(server.localAddress()), 300);
    try {
      int port = server.localAddress().getPort();
      server.close();
      await("the connection is down").atMost(Duration.ofSeconds(10))
          .until(() -> !patient.client().connection().isConnected());
      CompletableFuture<Optional<ObjectEntry>> call = patient.objectTable().lookup(new ObjectId(new TaskId(6), 1));
      CompletableFuture<Void> write = patient.objectTableWritingOneWay().addLocation(new ObjectId(new TaskId(6), 1),
          node("a"), 1);
      for (CompletableFuture<?> f : List.of(call, write)) {
        assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
            .cause().isInstanceOf(RpcException.class)
            .hasMessageContaining("the head at " + server.localAddress().getHostString() + ":" + port)
            .hasMessageContaining("300 ms (miniray.head.retry.timeout.ms)");
      }
    } finally {
      patient.close();
    }
  }

  @Test
  void writesAHeadTookButNeverAppliedAreSentAgainToTheHeadThatAnswersNext() throws Exception {
    RemoteGcs patient = RemoteGcs.connect(codec, RpcConfig.defaults(), token, List.of(server.localAddress()), 60_000);
    try {
      int port = server.localAddress().getPort();
      server.close();
      AtomicInteger swallowed = new AtomicInteger();
      serveSwallowingWrites(port, swallowed); // a dying head: it takes one-way writes and applies none
      ObjectId id = new ObjectId(new TaskId(7), 1);
      assertThat(patient.objectTable().lookup(id).get(30, TimeUnit.SECONDS)).as("before the write").isEmpty();
      patient.objectTableWritingOneWay().addLocation(id, node("a"), 10);
      await("the dying head took the write").atMost(Duration.ofSeconds(10)).until(() -> swallowed.get() == 1);
      long downSince = Clock.SYSTEM.millis(); // the monotonic clock the retries and the head watch read
      server.close();
      await("the connection is down").atMost(Duration.ofSeconds(10))
          .until(() -> !patient.client().connection().isConnected());

      serve(port); // the next head, over the GCS that outlived the first
      assertThat(patient.objectTable().lookup(id).get(30, TimeUnit.SECONDS)).as("what the next head knows of the write")
          .isEmpty();
      assertThat(patient.retries().sendAgain(downSince, 60_000, HeadRetries.AlreadyHeld.NOTHING))
          .as("one-way messages sent again").isEqualTo(1);
      assertThat(patient.retries().sendAgain(downSince - 60_000, 1_000, HeadRetries.AlreadyHeld.NOTHING))
          .as("sent again from before the window")
          .isZero();

      assertThat(patient.objectTable().lookup(id).get(30, TimeUnit.SECONDS)).as("after the write was sent again")
          .hasValueSatisfying(e -> assertThat(e.locations()).containsExactly(node("a")));
    } finally {
      patient.close();
    }
  }

  /** A head on {@code port} that answers calls but takes one-way messages without applying them (counted). */
  private void serveSwallowingWrites(int port, AtomicInteger swallowed) {
    WireHandlers service = new WireHandlers("a dying head", codec);
    new GcsService(head, codec).serveOn(service);
    server = RpcServer.start(RpcConfig.defaults().withPort(port), token, new RpcHandler() {
      @Override
      public CompletableFuture<?> onRequest(RpcConnection from, int type, byte[] body) {
        return service.onRequest(from, type, body);
      }

      @Override
      public void onOneWay(RpcConnection from, int type, byte[] body) {
        swallowed.incrementAndGet();
      }

      @Override
      public void onDisconnect(RpcConnection c) {
        service.onDisconnect(c);
      }
    });
  }

  @Test
  void aNegativeRetryTimeoutIsRefused() {
    assertThatThrownBy(() -> new HeadRetries(remote.client(), -1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1 ms");
  }

  @AfterEach
  void stop() {
    remote.close();
    server.close();
    head.close();
  }

  private static NodeId node(String name) {
    return new NodeId(name);
  }

  @Test
  void subscriptionsAreRenewedAfterAReconnectAndMissNothing() {
    ObjectId object = ObjectId.forPut(TaskId.forDriver(new JobId(1)), 1);
    List<ObjectEntry> heard = new CopyOnWriteArrayList<>();
    remote.objectTable().subscribe(object, heard::add);
    head.objectTable().addLocation(object, node("a"), 10).join();
    await().atMost(Duration.ofSeconds(10)).until(() -> locationsHeard(heard).contains(Set.of(node("a"))));

    // The head drops the connection; while the node is cut off, the object gets a second copy.
    connections.forEach(RpcConnection::close);
    await().atMost(Duration.ofSeconds(10)).until(() -> !remote.client().connection().isConnected());
    head.objectTable().addLocation(object, node("b"), 10).join();

    // The node's next call (a heartbeat, in a node) reconnects; the renewed subscription first
    // brings the entry as it is now, then every later change.
    assertThat(remote.objectTable().lookup(object).join()).isPresent();
    await().atMost(Duration.ofSeconds(10))
        .until(() -> locationsHeard(heard).contains(Set.of(node("a"), node("b"))));
    head.objectTable().addLocation(object, node("c"), 10).join();
    await().atMost(Duration.ofSeconds(10))
        .until(() -> locationsHeard(heard).contains(Set.of(node("a"), node("b"), node("c"))));
    assertThat(connections).as("connections the head saw").hasSize(2);

  }

  @Test
  void aClosedSubscriptionIsNotRenewed() {
    ObjectId object = ObjectId.forPut(TaskId.forDriver(new JobId(1)), 2);
    List<ObjectEntry> closed = new CopyOnWriteArrayList<>();
    List<ObjectEntry> open = new CopyOnWriteArrayList<>();
    remote.objectTable().subscribe(object, closed::add).close();
    remote.objectTable().subscribe(object, open::add);
    assertThat(remote.objectTable().lookup(object).join()).isEmpty(); // the head has seen both by now
    connections.forEach(RpcConnection::close);
    await().atMost(Duration.ofSeconds(10)).until(() -> !remote.client().connection().isConnected());
    assertThat(remote.objectTable().lookup(object).join()).isEmpty(); // reconnects
    head.objectTable().addLocation(object, node("a"), 10).join();
    await().atMost(Duration.ofSeconds(10)).until(() -> locationsHeard(open).contains(Set.of(node("a"))));
    assertThat(closed).as("what the closed subscription heard").isEmpty();
  }

  @Test
  void tasksAreFoundByStatusOverTheWire() {
    JobId job = new JobId(1);
    TaskId driver = TaskId.forDriver(job);
    for (int i = 1; i <= 3; i++) {
      remote.taskTable().add(new TaskSpec(TaskId.forChild(driver, i), job, driver, TaskKind.NORMAL,
          new FunctionDescriptor("a.B", "f", "()I", FunctionDescriptor.Kind.STATIC), List.of(),
          ResourceSet.of("CPU", 1), null, node("a"), null, null, 0, 0, 0)).join();
    }
    remote.taskTable().updateStatus(TaskId.forChild(driver, 2), TaskStatus.FORWARDED, null).join();

    List<TaskEntry> forwarded = remote.taskTable().entries(TaskStatus.FORWARDED).join();
    assertThat(forwarded).extracting(e -> e.spec().taskId()).containsExactly(TaskId.forChild(driver, 2));
    assertThat(remote.taskTable().entries(TaskStatus.SUBMITTED).join()).hasSize(2);
  }

  @Test
  void oneWayTaskAddsAreAppliedBeforeTheClientsLaterCalls() {
    JobId job = new JobId(2);
    TaskId driver = TaskId.forDriver(job);
    var adds = remote.taskTableAddingOneWay();
    for (int i = 1; i <= 50; i++) {
      assertThat(adds.add(new TaskSpec(TaskId.forChild(driver, i), job, driver, TaskKind.NORMAL,
          new FunctionDescriptor("a.B", "f", "()I", FunctionDescriptor.Kind.STATIC), List.of(),
          ResourceSet.of("CPU", 1), null, node("a"), null, null, 0, 0, 0))).as("completes once sent").isDone();
    }
    // An ordinary call made next, through the other proxy, on the same connection.
    adds.updateStatus(TaskId.forChild(driver, 50), TaskStatus.FORWARDED, null).join();
    assertThat(remote.taskTable().lookup(TaskId.forChild(driver, 50)).join().orElseThrow().status())
        .isEqualTo(TaskStatus.FORWARDED);
    assertThat(head.taskTable().entries(TaskStatus.SUBMITTED).join())
        .filteredOn(e -> e.spec().jobId().equals(job)).hasSize(49);
  }

  private static List<Set<NodeId>> locationsHeard(List<ObjectEntry> heard) {
    return heard.stream().map(ObjectEntry::locations).toList();
  }

  /**
   * Location writes sent one-way are applied at the head in the order made, before the client's
   * later calls: a lookup right after them sees them, with no reply awaited for the writes.
   */
  @Test
  void oneWayLocationWritesAreAppliedBeforeTheClientsLaterCalls() {
    ObjectId object = ObjectId.forPut(TaskId.forDriver(new JobId(1)), 9);
    var writes = remote.objectTableWritingOneWay();
    for (int i = 0; i < 100; i++) {
      assertThat(writes.addLocation(object, node("n" + i), 10)).as("completes once sent").isDone();
    }
    writes.removeLocation(object, node("n0"));
    ObjectEntry seen = remote.objectTable().lookup(object).join().orElseThrow();
    assertThat(seen.locations()).hasSize(99).contains(node("n99")).doesNotContain(node("n0"));
    assertThat(head.objectTable().lookup(object).join().orElseThrow().locations()).hasSize(99);
  }
}
