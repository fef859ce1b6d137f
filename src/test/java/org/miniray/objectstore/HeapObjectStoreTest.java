package org.miniray.objectstore;

import org.awaitility.Awaitility;

import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.miniray.id.ObjectId;
import org.miniray.id.TaskId;
import org.miniray.serialization.Allowlist;
import org.miniray.serialization.ForySerializer;
import org.miniray.serialization.ObjectReader;
import org.miniray.serialization.SerializedObject;

class HeapObjectStoreTest extends ObjectStoreContractTest {
  private static final int SLAB = HeapObjectStore.SLAB_BYTES;

  @TempDir
  Path dir;

  @Override
  protected ObjectStore create(long capacityBytes, Path spillBase) {
    return new HeapObjectStore(capacityBytes, SpillDirectory.forNode(spillBase, "test"));
  }

  private HeapObjectStore store(long capacityBytes) {
    return new HeapObjectStore(capacityBytes, SpillDirectory.forNode(dir, "test"));
  }

  private static ObjectId id(long n) {
    return new ObjectId(new TaskId(n), 1);
  }

  private static SerializedObject random(int size, long seed) {
    byte[] b = new byte[size];
    new SplittableRandom(seed).nextBytes(b);
    return new SerializedObject(SerializedObject.RAW_BYTES, b);
  }

  @Test
  void deletedLargeCopiesGiveTheirSlabsToTheNext() {
    HeapObjectStore store = store(64L * SLAB);
    int size = 5 * SLAB + 3; // six slabs
    for (int i = 0; i < 10; i++) {
      assertThat(store.putCopy(id(i), random(size, i), true)).isTrue();
      assertThat(store.get(id(i)).bytes()).isEqualTo(random(size, i).bytes());
      assertThat(store.delete(id(i))).isTrue();
    }
    assertThat(store.pool().allocatedSlabs()).as("slabs made over ten put/delete cycles").isEqualTo(6);
    assertThat(store.pool().freeSlabs()).isEqualTo(6);
  }

  @Test
  void smallCopiesStayOnTheHeap() {
    HeapObjectStore store = store(64L * SLAB);
    store.putCopy(id(1), random(SLAB - 1, 1), true);
    assertThat(store.pool().allocatedSlabs()).isZero();
    assertThat(store.get(id(1))).as("the store's own array, as put keeps it").isSameAs(store.get(id(1)));
  }

  /** Spilling gives a primary's slabs to the object that takes its place: direct memory stays at the capacity. */
  @Test
  void freeSlabsKeptAreBoundedByCapacity() {
    HeapObjectStore store = store(2L * SLAB);
    for (int i = 1; i <= 6; i++) {
      store.putCopy(id(i), random(SLAB, i), true);
    }
    assertThat(store.usage().spilledCount()).isEqualTo(4);
    assertThat(store.pool().allocatedSlabs()).as("slabs made for six objects through a two-slab store").isEqualTo(2);
    for (int i = 1; i <= 6; i++) {
      assertThat(store.get(id(i)).bytes()).isEqualTo(random(SLAB, i).bytes());
      store.delete(id(i));
    }
    assertThat(store.pool().freeSlabs()).isEqualTo(2);
  }

  @Test
  void largeTaskResultsLeaveTheHeap() {
    HeapObjectStore store = store(8L * SLAB);
    SerializedObject result = random(2 * SLAB, 9);
    store.put(id(1), result, true);
    assertThat(store.pool().allocatedSlabs()).as("a put of a result of two slabs copies it into slabs").isEqualTo(2);
    assertThat(store.get(id(1))).isNotSameAs(result);
    assertThat(store.get(id(1)).bytes()).isEqualTo(result.bytes());
  }

  @Test
  void theNodesDirectoryIsRemovedWhenTheStoreCloses() throws Exception {
    HeapObjectStore store = store(SLAB);
    store.put(id(1), random(3 * SLAB, 1), true);
    Path own = store.spillDirectory().path();
    assertThat(own.getParent()).isEqualTo(dir);
    assertThat(Files.list(own).count()).isEqualTo(1);
    store.close();
    assertThat(Files.exists(own)).isFalse();
  }

  @Test
  void aNewDirectorySweepsAwayThoseOfProcessesThatAreGone() throws Exception {
    Path stale = Files.createDirectories(dir.resolve("node-0." + Long.MAX_VALUE + ".1"));
    Files.write(stale.resolve("1.obj"), new byte[10]);
    Path alive = Files.createDirectories(dir.resolve("node-0." + ProcessHandle.current().pid() + ".999999"));
    Path notOurs = Files.createDirectories(dir.resolve("photos"));
    HeapObjectStore store = store(SLAB);
    assertThat(Files.exists(stale)).as("the directory of a process that is gone").isFalse();
    assertThat(Files.exists(alive)).as("the directory of a live process").isTrue();
    assertThat(Files.exists(notOurs)).as("a directory not named as ours").isTrue();
    store.close();
  }

  /**
   * Readers copying a large object out while others delete it and put new ones into the freed
   * slabs: every read sees the bytes of the object it asked for, never a newer object's.
   */
  @Test
  void aDeleteDuringAGetDoesNotHandItsSlabsOnUntilTheReadEnds() throws Exception {
    HeapObjectStore store = store(64L * SLAB);
    int size = 3 * SLAB;
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<?>> jobs = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        int thread = t;
        jobs.add(pool.submit(() -> {
          for (int i = 0; i < 40; i++) {
            long n = thread * 1000L + i;
            store.putCopy(id(n), random(size, n), true);
            long other = ((thread + 1) % 3) * 1000L + i;
            SerializedObject seen = store.get(id(other));
            if (seen != null) {
              assertThat(seen.bytes()).isEqualTo(random(size, other).bytes());
            }
            store.delete(id(other));
            store.delete(id(n));
          }
          return null;
        }));
      }
      for (Future<?> f : jobs) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(store.usedBytes()).isZero();
    assertThat(store.pool().freeSlabs()).isEqualTo((int) store.pool().allocatedSlabs());
  }

  private static final ForySerializer SERIALIZER = new ForySerializer(new Allowlist());

  private static long[] longs(int n, long seed) {
    return new SplittableRandom(seed).longs(n).toArray();
  }

  private static Object readInPlace(HeapObjectStore store, ObjectId id) {
    try (ObjectReader r = store.open(id)) {
      return SERIALIZER.deserialize(r);
    }
  }

  @Test
  void aLongArrayIsWrittenStraightIntoSlabsAndReadBackFromThem() {
    HeapObjectStore store = store(64L * SLAB);
    long[] array = longs(3 * SLAB / Long.BYTES + 5, 1); // three slabs and a bit, with the header
    long[] expected = array.clone();
    assertThat(store.putFrom(id(1), SERIALIZER.writerOf(array), true)).isTrue();
    array[0]++; // the caller's array is its own again once put returns
    assertThat(store.pool().allocatedSlabs()).as("slabs of a %d-byte encoding", store.sizeOf(id(1))).isEqualTo(4);
    assertThat((long[]) readInPlace(store, id(1))).isEqualTo(expected);
    assertThat((long[]) SERIALIZER.deserialize(store.get(id(1)))).as("copied out whole, as a pull does").isEqualTo(expected);
    assertThat(store.encoding(id(1))).isEqualTo(SerializedObject.RAW_ARRAY);
  }

  @Test
  void aSmallArrayIsCopiedOntoTheHeap() {
    HeapObjectStore store = store(64L * SLAB);
    int[] array = {1, 2, 3};
    assertThat(store.putFrom(id(1), SERIALIZER.writerOf(array), true)).isTrue();
    array[0] = 9;
    assertThat(store.pool().allocatedSlabs()).isZero();
    assertThat((int[]) readInPlace(store, id(1))).containsExactly(1, 2, 3);
  }

  @Test
  void anArraySpilledToDiskReadsBackFromItsFile() {
    HeapObjectStore store = store(4L * SLAB);
    double[] first = new SplittableRandom(2).doubles(2 * SLAB / Double.BYTES + 1).toArray();
    float[] second = new float[3 * SLAB / Float.BYTES - 7];
    second[second.length - 1] = 1.5f;
    store.putFrom(id(1), SERIALIZER.writerOf(first), true);
    store.putFrom(id(2), SERIALIZER.writerOf(second), true); // no room for both: the first is spilled
    assertThat(store.usage().spilledCount()).isEqualTo(1);
    assertThat((double[]) readInPlace(store, id(1))).isEqualTo(first);
    assertThat((float[]) readInPlace(store, id(2))).isEqualTo(second);
    short[] larger = new short[5 * SLAB / Short.BYTES + 1]; // larger than the store: straight to a file
    larger[larger.length / 2] = 7;
    store.putFrom(id(3), SERIALIZER.writerOf(larger), true);
    assertThat(store.usage().spilledCount()).isEqualTo(2);
    assertThat((short[]) readInPlace(store, id(3))).isEqualTo(larger);
  }

  @Test
  void aReaderOfSlabsLendsViewsWithinOneSlabForTheSocket() {
    HeapObjectStore store = store(64L * SLAB);
    SerializedObject o = random(2 * SLAB + 100, 5);
    store.putCopy(id(1), o, true);
    try (ObjectReader r = store.open(id(1))) {
      java.nio.ByteBuffer second = r.directView(SLAB, SLAB);
      assertThat(second.isDirect()).isTrue();
      assertThat(second.isReadOnly()).as("nobody writes through a view of a stored object").isTrue();
      byte[] got = new byte[SLAB];
      second.get(got);
      assertThat(got).isEqualTo(java.util.Arrays.copyOfRange(o.bytes(), SLAB, 2 * SLAB));
      assertThat(r.directView(2 * SLAB, 100).remaining()).as("the last, partial slab").isEqualTo(100);
      assertThat(r.directView(SLAB - 1, 2)).as("a range across two slabs").isNull();
      assertThat(r.directView(2 * SLAB, 101)).as("a range past the end").isNull();
    }
  }
  @Test
  void anObjectReceivedIntoReservedSlabsIsInvisibleAndUncountedUntilCommitted() {
    HeapObjectStore store = store(8L * SLAB);
    SerializedObject o = random(2 * SLAB + 5, 7);
    ObjectStore.Reservation r = store.reserve(id(1), o.encoding(), o.bytes().length, false);
    assertThat(r).isNotNull();
    assertThat(store.pool().outstandingSlabs()).as("slabs reserved for the arriving object").isEqualTo(3);
    for (int at = 0; at < o.bytes().length; at += 100_000) { // pieces that straddle the slabs' edges
      r.write(at, java.nio.ByteBuffer.wrap(o.bytes(), at, Math.min(100_000, o.bytes().length - at)));
    }
    assertThat(store.contains(id(1))).as("visible before it is committed").isFalse();
    assertThat(store.usedBytes()).as("bytes counted before it is committed").isZero();
    assertThat(r.commit()).isTrue();
    assertThat(store.usedBytes()).isEqualTo(o.size());
    assertThat(store.get(id(1)).bytes()).isEqualTo(o.bytes());
    assertThat(store.reserve(id(1), o.encoding(), o.bytes().length, false)).as("room for an object already here").isNull();
  }

  @Test
  void aCancelledReservationGivesItsSlabsAndItsRoomBack() {
    HeapObjectStore store = store(4L * SLAB);
    ObjectStore.Reservation r = store.reserve(id(2), SerializedObject.RAW_BYTES, 3 * SLAB, false);
    r.write(0, java.nio.ByteBuffer.wrap(new byte[SLAB]));
    r.cancel();
    r.cancel(); // a second cancel does nothing
    assertThat(store.pool().outstandingSlabs()).as("slabs still taken after the cancel").isZero();
    assertThat(store.usage()).as("the store's accounting after the cancel").isEqualTo(store(4L * SLAB).usage());
    assertThat(store.contains(id(2))).isFalse();
    assertThat(store.putCopy(id(3), random(4 * SLAB, 3), true)).as("a put of the whole capacity afterwards").isTrue();
  }

  @Test
  void aSecondArrivalOfAnObjectAlreadyHereIsDroppedAndItsSlabsFreed() {
    HeapObjectStore store = store(8L * SLAB);
    ObjectStore.Reservation r = store.reserve(id(4), SerializedObject.RAW_BYTES, 2 * SLAB, false);
    SerializedObject first = random(2 * SLAB, 4);
    assertThat(store.putCopy(id(4), first, true)).isTrue();
    assertThat(r.commit()).as("the arrival committed after a put of the same id").isFalse();
    assertThat(store.pool().outstandingSlabs()).isEqualTo(2);
    assertThat(store.usedBytes()).isEqualTo(first.size());
    assertThat(store.get(id(4)).bytes()).isEqualTo(first.bytes());
  }

  @Test
  void smallObjectsAreNotReservedButPutWhole() {
    assertThat(store(8L * SLAB).reserve(id(5), SerializedObject.RAW_BYTES, SLAB - 1, false)).isNull();
  }
  /**
   * An arrival's bytes come on a transport's I/O thread, and that thread also puts (a small pulled
   * or pushed copy): a put that waited for arrivals to land could wait for itself. So when only
   * arrivals hold the memory a put needs, it goes in at once, over the capacity until they land.
   */
  @Test
  void aPutNeverWaitsForObjectsStillArriving() {
    HeapObjectStore store = store(4L * SLAB);
    ObjectStore.Reservation r = store.reserve(id(6), SerializedObject.RAW_BYTES, 3 * SLAB, false);
    CompletableFuture<Boolean> put = CompletableFuture.supplyAsync(() -> store.putCopy(id(7), random(2 * SLAB, 7), false));
    Awaitility.await().atMost(30, TimeUnit.SECONDS).until(put::isDone);
    assertThat(put.join()).isTrue();
    r.write(0, java.nio.ByteBuffer.wrap(new byte[3 * SLAB]));
    assertThat(r.commit()).isTrue();
    assertThat(store.usedBytes()).as("bytes held once the arrival landed").isEqualTo(5L * SLAB);
    assertThat(store.putCopy(id(8), random(SLAB, 8), true)).as("the next put, which evicts to make room").isTrue();
    assertThat(store.usedBytes()).isLessThanOrEqualTo(store.capacityBytes());
  }
}
