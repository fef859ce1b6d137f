package org.miniray.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.miniray.id.NodeId;
import org.miniray.id.ObjectId;
import org.miniray.id.TaskId;
import org.miniray.serialization.ObjectReader;
import org.miniray.serialization.SerializedObject;
import org.miniray.serialization.WireCodec;
import org.miniray.transport.IdleNode;

/**
 * A pull across processes is served from the holder's store piece by piece
 * ({@link org.miniray.transport.NodeService#openObject}), never from a copy of the whole object:
 * the holder here refuses {@code fetchObject} and records the largest piece it was asked for.
 */
class NettyTransportStreamingTest {
  private static final int MIB = 1 << 20;
  private final ClusterToken token = ClusterToken.generate();
  private final WireCodec codec = Protocol.codec();
  private final NettyTransport hosting = new NettyTransport(codec, RpcConfig.defaults(), token, id -> null);
  private final WireHandlers handlers = new WireHandlers("the hosting process", codec);
  private RpcServer server;
  private NettyTransport calling;
  private final NodeId host = new NodeId("host");
  private final AtomicInteger largestRead = new AtomicInteger();
  private final AtomicInteger openReaders = new AtomicInteger();

  private static byte[] bytes(int size) {
    byte[] b = new byte[size];
    new SplittableRandom(size).nextBytes(b);
    return b;
  }

  private void start() {
    hosting.bind(host, new IdleNode() {
      @Override
      public CompletableFuture<SerializedObject> fetchObject(ObjectId id) {
        throw new AssertionError("a pull from another process was served from a whole copy of " + id);
      }

      @Override
      public CompletableFuture<Byte> objectEncoding(ObjectId id) {
        return CompletableFuture.completedFuture(SerializedObject.RAW_BYTES);
      }

      @Override
      public CompletableFuture<ObjectReader> openObject(ObjectId id) {
        ObjectReader whole = ObjectReader.of(new SerializedObject(SerializedObject.RAW_BYTES, bytes(id.index())));
        openReaders.incrementAndGet();
        return CompletableFuture.completedFuture(new ObjectReader() {
          private final AtomicBoolean closed = new AtomicBoolean();

          @Override
          public byte encoding() {
            return whole.encoding();
          }

          @Override
          public int length() {
            return whole.length();
          }

          @Override
          public int read(long position, ByteBuffer dst) throws java.io.IOException {
            largestRead.accumulateAndGet(dst.remaining(), Math::max);
            return whole.read(position, dst);
          }

          @Override
          public void close() {
            if (closed.compareAndSet(false, true)) {
              openReaders.decrementAndGet();
            }
          }
        });
      }
    });
    hosting.serveOn(handlers);
    server = RpcServer.start(RpcConfig.defaults().withHost("127.0.0.1").withPort(0), token, handlers);
    InetSocketAddress at = server.localAddress();
    calling = new NettyTransport(codec, RpcConfig.defaults(), token, id -> id.equals(host) ? at : null);
  }

  @AfterEach
  void stop() {
    if (calling != null) {
      calling.close();
    }
    if (server != null) {
      server.close();
    }
    hosting.close();
  }

  @Test
  void aPulledObjectIsReadFromTheHoldersStoreOneChunkAtATime() throws Exception {
    start();
    for (int size : new int[] {5 * MIB + 3, 10, 1}) {
      ObjectId id = new ObjectId(new TaskId(7), size); // the holder makes `size` bytes for it
      SerializedObject got = calling.connect(host).fetchObject(id).get(30, TimeUnit.SECONDS);
      assertThat(got.encoding()).isEqualTo(SerializedObject.RAW_BYTES);
      assertThat(got.bytes()).as("object of %d bytes", size).isEqualTo(bytes(size));
    }
    assertThat(largestRead.get()).as("the largest piece read from the store at once")
        .isPositive().isLessThanOrEqualTo(RpcConfig.defaults().chunkSize());
    Awaitility.await().atMost(10, TimeUnit.SECONDS).untilAsserted(() ->
        assertThat(openReaders.get()).as("readers left open once their objects were sent").isZero());
  }
}
