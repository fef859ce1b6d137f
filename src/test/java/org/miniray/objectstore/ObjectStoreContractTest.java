package org.miniray.objectstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
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
import org.junit.jupiter.api.Test;
import org.miniray.id.ObjectId;
import org.miniray.id.TaskId;
import org.miniray.serialization.SerializedObject;

/**
 * The {@link ObjectStore} contract (paper section 4.2.3); every implementation has a one-line
 * subclass. Random workloads use fixed seeds, so a failure repeats.
 */
public abstract class ObjectStoreContractTest {
  private static final long SEED = 20181008L;

  protected abstract ObjectStore create(long capacityBytes);

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
  void primaryCopiesAreNeverEvicted() {
    ObjectStore store = create(100);
    List<ObjectId> evicted = new CopyOnWriteArrayList<>();
    store.addEvictionListener(evicted::add);
    store.put(id(1), bytes(60), true);
    store.put(id(2), bytes(60), true);
    assertThat(store.usedBytes()).as("primaries are kept even beyond capacity").isEqualTo(120);
    store.put(id(3), bytes(10), false);
    store.put(id(4), bytes(10), true);
    assertThat(evicted).containsExactly(id(3));
    assertThat(store.contains(id(1)) && store.contains(id(2)) && store.contains(id(4))).isTrue();
    assertThat(store.usedBytes()).isEqualTo(130).isGreaterThan(store.capacityBytes());
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
          SerializedObject o = bytes(random.nextInt(60));
          boolean primary = random.nextInt(5) == 0;
          if (store.put(id, o, primary)) {
            expected.put(id, o);
            if (primary) {
              primaries.add(id);
            }
          }
        }
        case 2 -> store.get(id);
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
      assertThat(store.count()).as("step %d (seed %d): objects held", step, SEED).isEqualTo(expected.size());
      assertThat(store.usedBytes()).as("step %d (seed %d): usedBytes is the sum of sizes", step, SEED).isEqualTo(sum);
      long primaryBytes = primaries.stream().mapToLong(p -> expected.get(p).size()).sum();
      assertThat(store.usedBytes()).as("step %d (seed %d): over capacity only because of primaries", step, SEED)
          .isLessThanOrEqualTo(Math.max(store.capacityBytes(), primaryBytes + 60));
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
            SerializedObject o = bytes(random.nextInt(100));
            boolean primary = random.nextInt(20) == 0;
            put.put(id, o);
            if (primary) {
              primaries.add(id);
            }
            assertThat(store.put(id, o, primary)).isTrue();
            ObjectId earlier = id(base + 1 + random.nextInt(i));
            SerializedObject back = store.get(earlier);
            assertThat(back == null || back == put.get(earlier)).as("get(%s) returns what was put", earlier).isTrue();
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
    assertThat(store.usedBytes()).isEqualTo(held);
    assertThat(evicted).as("the workload should have forced evictions").isNotEmpty();
  }
}
