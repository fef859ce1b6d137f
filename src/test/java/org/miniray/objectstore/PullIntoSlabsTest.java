package org.miniray.objectstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.miniray.common.Clock;
import org.miniray.events.EventRecorder;
import org.miniray.gcs.memory.InMemoryGcs;
import org.miniray.id.NodeId;
import org.miniray.id.ObjectId;
import org.miniray.id.TaskId;
import org.miniray.lineage.LineageReplayer;
import org.miniray.serialization.Allowlist;
import org.miniray.serialization.ForySerializer;
import org.miniray.serialization.ObjectReader;
import org.miniray.serialization.ObjectWriter;
import org.miniray.serialization.SerializedObject;
import org.miniray.transport.IdleNode;
import org.miniray.transport.netty.ClusterToken;
import org.miniray.transport.netty.NettyTransport;
import org.miniray.transport.netty.Protocol;
import org.miniray.transport.netty.RpcConfig;
import org.miniray.transport.netty.RpcServer;
import org.miniray.transport.netty.WireHandlers;

/**
 * A large object pulled from another process goes straight from the network's buffers into slabs
 * of the puller's store (one copy, no heap array), becomes visible only once whole and checked,
 * and a transfer that fails leaves no slab and no byte of accounting behind. Two object managers,
 * one store each, joined by the Netty transport over loopback and an in-memory GCS.
 */
class PullIntoSlabsTest {
  private static final int MIB = HeapObjectStore.SLAB_BYTES;
  private static final Path SPILL = Path.of(System.getProperty("java.io.tmpdir"), "miniray-pull-into-slabs-test");

  /** A value of arrays, which takes one Fory stream with its checksum. */
  public record Columns(long[] keys, double[] values) {}

  /** What the holder does to the bytes it sends, attempt by attempt. */
  enum Fault { NONE, CORRUPT, CUT_OFF }

  private final ForySerializer serializer = new ForySerializer(new Allowlist().allowPackageOf(PullIntoSlabsTest.class));
  private final InMemoryGcs gcs = new InMemoryGcs(2, Clock.SYSTEM);
  private final ClusterToken token = ClusterToken.generate();
  private final NettyTransport hosting = new NettyTransport(Protocol.codec(), RpcConfig.defaults(), token, id -> null);
  private final WireHandlers handlers = new WireHandlers("the holder's process", Protocol.codec());
  private final NodeId holderId = new NodeId("holder");
  private final NodeId pullerId = new NodeId("puller");
  private final ObjectManager holder = new ObjectManager(holderId, new ObjectManager.Parts(
      new HeapObjectStore(256L * MIB, SpillDirectory.forNode(SPILL, "holder")), gcs.objectTable(), hosting,
      LineageReplayer.NONE), Clock.SYSTEM, EventRecorder.OFF, 0);
  private final RpcServer server;
  private final NettyTransport calling;
  private final ObjectManager puller;
  /** The faults of the next attempts to send an object, in order; then none. */
  private volatile Fault[] faults = new Fault[0];
  private final AtomicInteger attempts = new AtomicInteger();

  PullIntoSlabsTest() {
    hosting.bind(holderId, new IdleNode() {
      @Override
      public CompletableFuture<Byte> objectEncoding(ObjectId id) {
        return CompletableFuture.completedFuture(holder.localEncoding(id));
      }

      @Override
      public CompletableFuture<ObjectReader> openObject(ObjectId id) {
        ObjectReader r = holder.openLocal(id);
        int attempt = attempts.getAndIncrement();
        Fault[] f = faults;
        return CompletableFuture.completedFuture(faulty(r, attempt < f.length ? f[attempt] : Fault.NONE));
      }
    });
    hosting.serveOn(handlers);
    server = RpcServer.start(RpcConfig.defaults().withHost("127.0.0.1").withPort(0), token, handlers);
    InetSocketAddress at = server.localAddress();
    calling = new NettyTransport(Protocol.codec(), RpcConfig.defaults(), token, id -> id.equals(holderId) ? at : null);
    puller = new ObjectManager(pullerId, new ObjectManager.Parts(new HeapObjectStore(256L * MIB,
        SpillDirectory.forNode(SPILL, "puller")), gcs.objectTable(), new Watching(), LineageReplayer.NONE),
        Clock.SYSTEM, EventRecorder.OFF, 0);
  }

  /** Which objects the puller's sink took (gave the transport memory to fill), last attempt of each. */
  private final java.util.Map<ObjectId, Boolean> takenBySink = new java.util.concurrent.ConcurrentHashMap<>();

  /** The Netty transport, its pulls watched: whether each offered its sink the bytes and the sink took them. */
  private final class Watching implements org.miniray.transport.Transport {
    @Override
    public void bind(NodeId id, org.miniray.transport.NodeService service) {
      calling.bind(id, service);
    }

    @Override
    public void unbind(NodeId id) {
      calling.unbind(id);
    }

    @Override
    public org.miniray.transport.NodeService connect(NodeId node) {
      org.miniray.transport.NodeService inner = calling.connect(node);
      return new IdleNode() {
        @Override
        public CompletableFuture<SerializedObject> fetchObject(ObjectId id) {
          throw new AssertionError("a pull of " + id + " offered no sink");
        }

        @Override
        public CompletableFuture<SerializedObject> fetchObject(ObjectId id, org.miniray.transport.BodySink sink) {
          return inner.fetchObject(id, (encoding, length) -> {
            org.miniray.transport.BodySink.Body body = sink.open(encoding, length);
            takenBySink.put(id, body != null);
            return body;
          });
        }
      };
    }

    @Override
    public void close() {}
  }

  @AfterEach
  void stop() {
    calling.close();
    server.close();
    hosting.close();
    gcs.close();
    holder.store().close();
    puller.store().close();
  }

  /** The holder's reader of an object, which corrupts one byte of its second MiB or fails there. */
  private static ObjectReader faulty(ObjectReader inner, Fault fault) {
    return new ObjectReader() {
      @Override
      public byte encoding() {
        return inner.encoding();
      }

      @Override
      public int length() {
        return inner.length();
      }

      @Override
      public int read(long position, ByteBuffer dst) throws IOException {
        long flip = MIB + 12_345;
        if (fault == Fault.CUT_OFF && position >= MIB) {
          throw new IOException("the test cuts the transfer off after its first MiB");
        }
        int start = dst.position();
        int n = inner.read(position, dst);
        if (fault == Fault.CORRUPT && position <= flip && flip < position + n) {
          int i = start + (int) (flip - position);
          dst.put(i, (byte) (dst.get(i) ^ 0x10));
        }
        return n;
      }

      @Override
      public void close() {
        inner.close();
      }
    };
  }

  private ObjectId put(int index, Object value) {
    ObjectId id = new ObjectId(new TaskId(91), index);
    ObjectWriter w = serializer.writerOf(value);
    if (w != null) {
      holder.putPrimaryCopy(id, w); // a byte[] or a primitive array, as Ray.put stores it
    } else {
      holder.putPrimary(id, serializer.serialize(value));
    }
    return id;
  }

  /** The value as a task on the puller reads it: a primitive array in place from the slabs, else its bytes decoded. */
  private Object read(ObjectId id) {
    Object inPlace = InPlaceReads.local(puller, serializer, id);
    return inPlace != null ? inPlace : serializer.deserialize(puller.getLocal(id));
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    new SplittableRandom(n).nextBytes(b);
    return b;
  }

  private static long slabsFor(long size) {
    return size < MIB ? 0 : (size + MIB - 1) / MIB;
  }

  /** Pulls {@code id} to the puller; whether its sink took the bytes straight into the store's slabs. */
  private boolean pull(ObjectId id) throws Exception {
    puller.fetchIntoStore(id).get(30, TimeUnit.SECONDS);
    return takenBySink.get(id);
  }

  @Test
  void objectsAtAndAroundTheSlabSizeArriveWholeLargeOnesStraightIntoSlabs() throws Exception {
    SlabPool pool = ((HeapObjectStore) puller.store()).pool();
    int index = 1;
    long held = 0;
    long slabs = 0;
    for (int size : new int[] {MIB - 1, MIB, MIB + 1, 3 * MIB + 5}) {
      byte[] value = bytes(size);
      ObjectId id = put(index++, value);
      assertThat(pull(id)).as("a %d-byte object went straight into the puller's slabs", size).isEqualTo(size >= MIB);
      assertThat((byte[]) read(id)).as("the %d-byte object read on the puller", size).isEqualTo(value);
      held += size;
      slabs += slabsFor(size);
      assertThat(pool.outstandingSlabs()).as("slabs holding the puller's copies after %d bytes", size).isEqualTo(slabs);
      assertThat(puller.store().usedBytes()).as("bytes the puller's store counts").isEqualTo(held);
      Awaitility.await().atMost(10, TimeUnit.SECONDS).untilAsserted(() ->
          assertThat(gcs.objectTable().lookup(id).get().get().locations()).as("where object %s lives", id)
              .contains(holderId, pullerId));
    }
  }

  @Test
  void primitiveArraysAndARecordOfArraysCrossIntact() throws Exception {
    int n = (3 * MIB) / Long.BYTES + 7; // several chunks, not a whole number of them
    long[] longs = new SplittableRandom(1).longs(n).toArray();
    double[] doubles = new SplittableRandom(2).doubles(n).toArray();
    Columns columns = new Columns(longs, doubles);
    ObjectId l = put(1, longs);
    ObjectId d = put(2, doubles);
    ObjectId c = put(3, columns);
    for (ObjectId id : new ObjectId[] {l, d, c}) {
      assertThat(pull(id)).as("object %s went straight into the puller's slabs", id).isTrue();
    }
    assertThat(puller.localEncoding(l)).isEqualTo(SerializedObject.RAW_ARRAY);
    assertThat((long[]) InPlaceReads.local(puller, serializer, l)).as("the long[] read in place from the slabs")
        .isEqualTo(longs);
    assertThat((double[]) read(d)).isEqualTo(doubles);
    Columns back = (Columns) read(c);
    assertThat(back.keys()).isEqualTo(longs);
    assertThat(back.values()).isEqualTo(doubles);
  }

  @Test
  void aCorruptedChunkIsRefusedAndThePullRetriedWithoutLeakingSlabs() throws Exception {
    SlabPool pool = ((HeapObjectStore) puller.store()).pool();
    Columns columns = new Columns(new SplittableRandom(3).longs(300_000).toArray(), new double[1]);
    faults = new Fault[] {Fault.CORRUPT, Fault.CORRUPT};
    ObjectId id = put(4, columns);
    long size = holder.localSize(id);
    assertThat(pull(id)).as("the last attempt went straight into the puller's slabs").isTrue();
    assertThat(attempts.get()).as("times the holder sent the object (two corrupt, then a good one)").isEqualTo(3);
    assertThat(((Columns) read(id)).keys()).isEqualTo(columns.keys());
    assertThat(pool.outstandingSlabs()).as("slabs in use on the puller: the one copy's, none of the refused ones'")
        .isEqualTo(slabsFor(size));
    assertThat(puller.store().usedBytes()).as("bytes the puller's store counts").isEqualTo(size);
  }

  @Test
  void aTransferCutOffMidwayFreesItsSlabsAndThePullIsRetried() throws Exception {
    SlabPool pool = ((HeapObjectStore) puller.store()).pool();
    byte[] value = bytes(4 * MIB);
    faults = new Fault[] {Fault.CUT_OFF};
    ObjectId id = put(5, value);
    assertThat(pull(id)).as("the last attempt went straight into the puller's slabs").isTrue();
    assertThat(attempts.get()).as("times the holder sent the object (cut off once, then whole)").isEqualTo(2);
    assertThat((byte[]) read(id)).isEqualTo(value);
    assertThat(pool.outstandingSlabs()).as("slabs in use on the puller: the one copy's, none of the cut-off one's")
        .isEqualTo(slabsFor(value.length));
    assertThat(puller.store().usedBytes()).as("bytes the puller's store counts").isEqualTo(value.length);
    assertThat(puller.store().count()).isEqualTo(1);
  }
}
