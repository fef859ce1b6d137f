package org.miniray.objectstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.miniray.id.ObjectId;
import org.miniray.id.TaskId;
import org.miniray.serialization.SerializedObject;

/**
 * The {@link ObjectStore} contract (paper section 4.2.3); every implementation has a one-line
 * subclass. Random workloads use fixed seeds, so a failure repeats.
 */
public abstract class ObjectStoreContractTest {
  private static final long SEED = 20181008L;
  private static final int MIB = 1 << 20;

  /** Where the stores of a test spill: each makes its own directory (or files) under it. */
  @TempDir
  Path spillBase;
  private final List<ObjectStore> stores = new ArrayList<>();

  /** A store of {@code capacityBytes} that spills under {@code spillBase}. */
  protected abstract ObjectStore create(long capacityBytes, Path spillBase);

  private ObjectStore create(long capacityBytes) {
    ObjectStore s = create(capacityBytes, spillBase);
    stores.add(s);
    return s;
  }

  @AfterEach
  void closeStores() {
    stores.forEach(ObjectStore::close);
  }

  /** Regular files under the spill directory: the spilled objects. */
  private long spillFiles() throws IOException {
    try (var files = Files.walk(spillBase)) {
      return files.filter(Files::isRegularFile).count();
    }
  }

  /** {@code size} bytes that only object {@code n} has. */
  private static SerializedObject pattern(long n, int size) {
    byte[] b = new byte[size];
    new Random(n * 31 + size).nextBytes(b);
    return new SerializedObject(SerializedObject.ENCODED, b);
  }

  private static ObjectId id(long n) {
    return new ObjectId(new TaskId(n), 1);
  }

  private static SerializedObject bytes(int size) {
    return new SerializedObject(SerializedObject.ENCODED, new byte[size]);
  }

  @Test
  void putIsImmutable() {
    ObjectStore store = create(1_000);
    SerializedObject first = bytes(10);
    assertThat(store.put(id(1), first, false)).isTrue();
    assertThat(store.put(id(1), bytes(20), true)).as("second put of the same id").isFalse();
    assertThat(store.get(id(1))).isSameAs(first);
    assertThat(store.usedBytes()).isEqualTo(10);
    assertThat(store.count()).isEqualTo(1);
  }

  @Test
  void primaryCopiesAreSpilledNeverEvicted() throws IOException {
    ObjectStore store = create(100);
    List<ObjectId> evicted = new CopyOnWriteArrayList<>();
    store.addEvictionListener(evicted::add);
    store.put(id(1), pattern(1, 60), true);
    store.put(id(2), pattern(2, 60), true);
    assertThat(store.usedBytes()).as("memory stays within capacity: the older primary is spilled").isEqualTo(60);
    assertThat(store.usage()).isEqualTo(new StoreUsage(100, 1, 60, 1, 60));
    assertThat(spillFiles()).as("files of spilled objects").isEqualTo(1);
    store.put(id(3), pattern(3, 10), false);
    store.put(id(4), pattern(4, 10), true);
    assertThat(evicted).as("spilling is no eviction").isEmpty();
    assertThat(store.count()).isEqualTo(4);
    for (int i = 1; i <= 4; i++) {
      assertThat(store.contains(id(i))).isTrue();
      assertThat(store.get(id(i)).bytes()).as("object %d reads back", i).isEqualTo(pattern(i, i <= 2 ? 60 : 10).bytes());
    }
    assertThat(store.usedBytes()).isLessThanOrEqualTo(store.capacityBytes());
  }

  @Test
  void primariesSpillLeastRecentlyUsedFirst() {
    ObjectStore store = create(30);
    store.put(id(1), pattern(1, 10), true);
    store.put(id(2), pattern(2, 10), true);
    store.put(id(3), pattern(3, 10), true);
    store.get(id(1)); // now 2 is the least recently used
    store.put(id(4), pattern(4, 10), true);
    assertThat(store.usage().spilledCount()).isEqualTo(1);
    store.delete(id(2));
    assertThat(store.usage().spilledCount()).as("the spilled one was the least recently used, 2").isZero();
    assertThat(store.usedBytes()).isEqualTo(30);
  }

  @Test
  void anObjectLargerThanTheStoreGoesStraightToDisk() throws IOException {
    ObjectStore store = create(MIB);
    List<ObjectId> evicted = new CopyOnWriteArrayList<>();
    store.addEvictionListener(evicted::add);
    store.put(id(1), pattern(1, 1000), false);
    assertThat(store.put(id(2), pattern(2, 3 * MIB + 5), true)).isTrue();
    assertThat(store.putCopy(id(3), pattern(3, 2 * MIB), false)).as("a secondary copy too").isTrue();
    assertThat(evicted).as("nothing had to leave memory for them").isEmpty();
    assertThat(store.usage()).isEqualTo(new StoreUsage(MIB, 1, 1000, 2, 5L * MIB + 5));
    assertThat(spillFiles()).isEqualTo(2);
    assertThat(store.get(id(2)).bytes()).isEqualTo(pattern(2, 3 * MIB + 5).bytes());
    assertThat(store.get(id(3)).bytes()).isEqualTo(pattern(3, 2 * MIB).bytes());
    assertThat(store.encoding(id(2))).isEqualTo(SerializedObject.ENCODED);
  }

  @Test
  void deletingASpilledObjectDeletesItsFile() throws IOException {
    ObjectStore store = create(2 * MIB);
    for (int i = 1; i <= 6; i++) {
      store.putCopy(id(i), pattern(i, MIB), true);
    }
    assertThat(store.usage().spilledCount()).isEqualTo(4);
    assertThat(spillFiles()).isEqualTo(4);
    for (int i = 1; i <= 6; i++) {
      assertThat(store.delete(id(i))).isTrue();
      assertThat(store.get(id(i))).isNull();
    }
    assertThat(spillFiles()).as("files left after every object was deleted").isZero();
    assertThat(store.usage()).isEqualTo(new StoreUsage(2 * MIB, 0, 0, 0, 0));
    assertThat(store.put(id(1), pattern(7, 10), true)).as("put after the delete of a spilled copy").isTrue();
    assertThat(store.get(id(1)).bytes()).isEqualTo(pattern(7, 10).bytes());
  }

  @Test
  void closingRemovesEverySpilledFile() throws IOException {
    ObjectStore store = create(MIB);
    for (int i = 1; i <= 4; i++) {
      store.put(id(i), pattern(i, MIB / 2 + 1), true);
    }
    assertThat(spillFiles()).isEqualTo(3);
    store.close();
    assertThat(spillFiles()).isZero();
    assertThat(store.get(id(4)).bytes()).as("what was in memory stays readable").isEqualTo(pattern(4, MIB / 2 + 1).bytes());
  }

  /** Every byte of {@code r}, read in pieces of 64 KiB into a direct buffer. */
  private static byte[] readInPieces(org.miniray.serialization.ObjectReader r) throws IOException {
    byte[] out = new byte[r.length()];
    java.nio.ByteBuffer piece = java.nio.ByteBuffer.allocateDirect(64 << 10);
    int at = 0;
    for (int n; (n = r.read(at, piece.clear())) > 0; at += n) {
      piece.flip().get(out, at, n);
    }
    assertThat(at).as("bytes read").isEqualTo(r.length());
    return out;
  }

  /** On the heap, in memory off it, spilled: a reader reads every byte, and keeps them while open. */
  @Test
  void openReadsAnObjectInPiecesWhereverItIs() throws IOException {
    ObjectStore store = create(2 * MIB);
    store.put(id(1), pattern(1, 100), true);
    store.putCopy(id(2), pattern(2, MIB + MIB / 2), true);
    store.put(id(3), pattern(3, 3 * MIB), true); // larger than the store: spilled
    for (int i = 1; i <= 3; i++) {
      try (var r = store.open(id(i))) {
        assertThat(r.encoding()).isEqualTo(SerializedObject.ENCODED);
        assertThat(readInPieces(r)).as("object %d read in pieces", i).isEqualTo(store.get(id(i)).bytes());
      }
    }
    assertThat(store.open(id(4))).as("an object not here").isNull();
    var spilled = store.open(id(3));
    var inSlabs = store.open(id(2));
    assertThat(store.delete(id(3)) && store.delete(id(2))).isTrue();
    store.put(id(5), pattern(5, 2 * MIB), true); // takes the deleted object's memory
    assertThat(readInPieces(spilled)).as("a spilled object deleted while open").isEqualTo(pattern(3, 3 * MIB).bytes());
    assertThat(readInPieces(inSlabs)).as("an object deleted while open").isEqualTo(pattern(2, MIB + MIB / 2).bytes());
    spilled.close();
    inSlabs.close();
    assertThat(spillFiles()).as("files left once the readers closed").isEqualTo(store.usage().spilledCount());
    assertThat(store.get(id(5)).bytes()).isEqualTo(pattern(5, 2 * MIB).bytes());
  }

  /** Puts of all sizes, by every way of putting, from several threads, with gets and deletes between. */
  @Test
  void memoryNeverExceedsCapacityWhileManyThreadsSpill() throws Exception {
    long capacity = 4L * MIB;
    ObjectStore store = create(capacity);
    AtomicLong most = new AtomicLong();
    AtomicBoolean running = new AtomicBoolean(true);
    Thread watcher = new Thread(() -> {
      while (running.get()) {
        most.accumulateAndGet(store.usedBytes(), Math::max);
      }
    });
    watcher.start();
    int threads = 4;
    int perThread = 30;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    Map<ObjectId, Integer> kept = new ConcurrentHashMap<>();
    try {
      List<Future<?>> jobs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        jobs.add(pool.submit(() -> {
          Random random = new Random(SEED + thread);
          for (int i = 0; i < perThread; i++) {
            long n = thread * 1000L + i;
            int size = random.nextInt(3) == 0 ? 100 + random.nextInt(1000) : MIB / 2 + random.nextInt(2 * MIB);
            SerializedObject o = pattern(n, size);
            assertThat(random.nextBoolean() ? store.put(id(n), o, true) : store.putCopy(id(n), o, true)).isTrue();
            kept.put(id(n), size);
            long earlier = thread * 1000L + random.nextInt(i + 1);
            Integer s = kept.get(id(earlier));
            SerializedObject back = store.get(id(earlier));
            if (s != null && back != null) {
              assertThat(back.bytes()).as("object %d read back", earlier).isEqualTo(pattern(earlier, s).bytes());
            }
            if (random.nextInt(4) == 0 && kept.remove(id(earlier)) != null) {
              assertThat(store.delete(id(earlier))).isTrue();
            }
          }
          return null;
        }));
      }
      for (Future<?> f : jobs) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      running.set(false);
      pool.shutdownNow();
      watcher.join();
    }
    assertThat(most.get()).as("most bytes ever seen in memory").isLessThanOrEqualTo(capacity);
    StoreUsage u = store.usage();
    assertThat(u.spilledCount()).as("the workload should have spilled").isPositive();
    assertThat(store.count()).isEqualTo(kept.size()).isEqualTo(u.memoryCount() + u.spilledCount());
    assertThat(u.memoryBytes() + u.spilledBytes()).isEqualTo(kept.values().stream().mapToLong(Integer::longValue).sum());
    assertThat(spillFiles()).isEqualTo(u.spilledCount());
    for (Map.Entry<ObjectId, Integer> e : kept.entrySet()) {
      assertThat(store.get(e.getKey()).bytes()).isEqualTo(pattern(e.getKey().task().value(), e.getValue()).bytes());
    }
  }

  @Test
  void leastRecentlyUsedSecondaryIsEvictedFirst() {
    ObjectStore store = create(30);
    store.put(id(1), bytes(10), false);
    store.put(id(2), bytes(10), false);
    store.put(id(3), bytes(10), false);
    assertThat(store.get(id(1))).isNotNull(); // now 2 is the least recently used
    store.put(id(4), bytes(10), false);
    assertThat(store.contains(id(2))).as("least recently used secondary is evicted").isFalse();
    assertThat(store.contains(id(1)) && store.contains(id(3)) && store.contains(id(4))).isTrue();
    store.put(id(5), bytes(15), false); // needs two evictions: 3, then 1
    assertThat(store.contains(id(3)) || store.contains(id(1))).isFalse();
    assertThat(store.contains(id(4)) && store.contains(id(5))).isTrue();
    assertThat(store.usedBytes()).isEqualTo(25);
  }

  /** Small and large (above any slab a store may use): the store's value is unaffected by the caller's later writes. */
  @Test
  void putCopyKeepsItsOwnCopy() {
    ObjectStore store = create(10L << 20);
    for (int size : new int[] {100, (3 << 20) + 17}) {
      byte[] mine = new byte[size];
      new Random(size).nextBytes(mine);
      byte[] expected = mine.clone();
      ObjectId id = id(size);
      assertThat(store.putCopy(id, new SerializedObject(SerializedObject.RAW_BYTES, mine), true)).isTrue();
      java.util.Arrays.fill(mine, (byte) 7);
      SerializedObject got = store.get(id);
      assertThat(got.encoding()).isEqualTo(SerializedObject.RAW_BYTES);
      assertThat(got.bytes()).as("size " + size).isEqualTo(expected).isNotSameAs(mine);
      assertThat(store.putCopy(id, new SerializedObject(SerializedObject.RAW_BYTES, mine), true))
          .as("second putCopy of the same id").isFalse();
      assertThat(store.get(id).bytes()).isEqualTo(expected);
      assertThat(store.encoding(id)).isEqualTo(SerializedObject.RAW_BYTES);
    }
    assertThat(store.encoding(id(1))).as("encoding of an object not here").isNull();
    assertThat(store.usedBytes()).isEqualTo(100 + (3 << 20) + 17);
    assertThat(store.delete(id(100)) && store.delete(id((3 << 20) + 17))).isTrue();
    assertThat(store.usedBytes()).isZero();
    assertThat(store.get(id(100))).isNull();
  }

  @Test
  void largeSecondaryCopiesAreEvictedLikeOthers() {
    ObjectStore store = create(5L << 20);
    List<ObjectId> evicted = new CopyOnWriteArrayList<>();
    store.addEvictionListener(evicted::add);
    store.putCopy(id(1), new SerializedObject(SerializedObject.RAW_BYTES, new byte[3 << 20]), false);
    store.putCopy(id(2), new SerializedObject(SerializedObject.RAW_BYTES, new byte[3 << 20]), true);
    assertThat(evicted).containsExactly(id(1));
    assertThat(store.usedBytes()).isEqualTo(3 << 20);
    assertThat(store.get(id(2)).bytes()).hasSize(3 << 20);
  }

  @Test
  void evictionListenersHearEveryEviction() {
    ObjectStore store = create(50);
    List<ObjectId> heardByA = new CopyOnWriteArrayList<>();
    List<ObjectId> heardByB = new CopyOnWriteArrayList<>();
    store.addEvictionListener(heardByA::add);
    store.addEvictionListener(heardByB::add);
    for (int i = 1; i <= 5; i++) {
      store.put(id(i), bytes(10), false);
    }
    store.put(id(6), bytes(30), true);
    assertThat(heardByA).containsExactly(id(1), id(2), id(3));
    assertThat(heardByB).isEqualTo(heardByA);
    store.delete(id(4));
    assertThat(heardByA).as("a delete is not an eviction").hasSize(3);
  }

  @Test
  void usedBytesIsSumOfSizes() {
    ObjectStore store = create(1_000);
    store.put(id(1), bytes(0), false);
    store.put(id(2), bytes(7), true);
    store.put(id(3), bytes(100), false);
    assertThat(store.usedBytes()).isEqualTo(107);
    assertThat(store.count()).isEqualTo(3);
    assertThat(store.capacityBytes()).isEqualTo(1_000);
  }

  @Test
  void deleteRemoves() {
    ObjectStore store = create(1_000);
    store.put(id(1), bytes(10), true);
    store.put(id(2), bytes(20), false);
    assertThat(store.delete(id(1))).isTrue();
    assertThat(store.delete(id(1))).as("second delete").isFalse();
    assertThat(store.contains(id(1))).isFalse();
    assertThat(store.get(id(1))).isNull();
    assertThat(store.usedBytes()).isEqualTo(20);
    assertThat(store.count()).isEqualTo(1);
    assertThat(store.put(id(1), bytes(5), false)).as("put after delete").isTrue();
  }

  /** A random single-threaded workload, with the bookkeeping invariant checked after every step. */
  @Test
  void randomWorkloadKeepsEveryObjectAccountedFor() {
    Random random = new Random(SEED);
    ObjectStore store = create(500);
    Set<ObjectId> evicted = new HashSet<>();
    store.addEvictionListener(evicted::add);
    Map<ObjectId, SerializedObject> expected = new HashMap<>(); // what the store must hold
    Set<ObjectId> primaries = new HashSet<>();
    for (int step = 0; step < 5_000; step++) {
      ObjectId id = id(random.nextInt(200) + 1);
      switch (random.nextInt(4)) {
        case 0, 1 -> {
          SerializedObject o = pattern(step, random.nextInt(60));
          boolean primary = random.nextInt(5) == 0;
          if (store.put(id, o, primary)) {
            expected.put(id, o);
            if (primary) {
              primaries.add(id);
            }
          }
        }
        case 2 -> {
          SerializedObject back = store.get(id);
          assertThat(back == null ? null : back.bytes()).as("step %d (seed %d): get(%s)", step, SEED, id)
              .isEqualTo(expected.containsKey(id) ? expected.get(id).bytes() : null);
        }
        default -> {
          store.delete(id);
          expected.remove(id);
          primaries.remove(id);
        }
      }
      for (ObjectId gone : evicted) {
        assertThat(primaries).as("step %d (seed %d): evicted primary %s", step, SEED, gone).doesNotContain(gone);
        expected.remove(gone);
      }
      evicted.clear();
      long sum = expected.values().stream().mapToLong(SerializedObject::size).sum();
      StoreUsage u = store.usage();
      assertThat(store.count()).as("step %d (seed %d): objects held", step, SEED).isEqualTo(expected.size())
          .isEqualTo(u.memoryCount() + u.spilledCount());
      assertThat(u.memoryBytes() + u.spilledBytes()).as("step %d (seed %d): in memory and spilled add up", step, SEED)
          .isEqualTo(sum);
      assertThat(store.usedBytes()).as("step %d (seed %d): in memory", step, SEED).isEqualTo(u.memoryBytes())
          .isLessThanOrEqualTo(store.capacityBytes());
    }
  }

  @Test
  void concurrentPutsAndGetsAreSafe() throws Exception {
    ObjectStore store = create(10_000);
    Set<ObjectId> evicted = ConcurrentHashMap.newKeySet();
    List<ObjectId> evictedTwice = new CopyOnWriteArrayList<>();
    store.addEvictionListener(id -> {
      if (!evicted.add(id)) {
        evictedTwice.add(id);
      }
    });
    int threads = 8;
    int perThread = 2_000;
    Map<ObjectId, SerializedObject> put = new ConcurrentHashMap<>();
    Set<ObjectId> primaries = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        long seed = SEED + t;
        int base = t * perThread;
        done.add(pool.submit(() -> {
          Random random = new Random(seed);
          for (int i = 1; i <= perThread; i++) {
            ObjectId id = id(base + i);
            SerializedObject o = pattern(base + i, random.nextInt(100));
            boolean primary = random.nextInt(20) == 0;
            put.put(id, o);
            if (primary) {
              primaries.add(id);
            }
            assertThat(store.put(id, o, primary)).isTrue();
            ObjectId earlier = id(base + 1 + random.nextInt(i));
            SerializedObject back = store.get(earlier);
            assertThat(back == null || Arrays.equals(back.bytes(), put.get(earlier).bytes()))
                .as("get(%s) returns what was put", earlier).isTrue();
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(evictedTwice).as("ids evicted more than once").isEmpty();
    assertThat(primaries).as("evicted primaries").doesNotContainAnyElementsOf(evicted);
    long held = 0;
    int count = 0;
    for (Map.Entry<ObjectId, SerializedObject> e : put.entrySet()) {
      boolean here = store.contains(e.getKey());
      assertThat(here).as("%s is either held or was evicted, not both, not neither", e.getKey())
          .isNotEqualTo(evicted.contains(e.getKey()));
      if (here) {
        held += e.getValue().size();
        count++;
      }
    }
    assertThat(store.count()).isEqualTo(count);
    assertThat(store.usage().memoryBytes() + store.usage().spilledBytes()).isEqualTo(held);
    assertThat(store.usedBytes()).isLessThanOrEqualTo(store.capacityBytes());
    assertThat(evicted).as("the workload should have forced evictions").isNotEmpty();
  }
}
