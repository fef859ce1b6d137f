package org.miniray.objectstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.miniray.id.ObjectId;
import org.miniray.id.TaskId;
import org.miniray.serialization.SerializedObject;

class HeapObjectStoreTest extends ObjectStoreContractTest {
  private static final int SLAB = HeapObjectStore.SLAB_BYTES;

  @Override
  protected ObjectStore create(long capacityBytes) {
    return new HeapObjectStore(capacityBytes);
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
    HeapObjectStore store = new HeapObjectStore(64L * SLAB);
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
    HeapObjectStore store = new HeapObjectStore(64L * SLAB);
    store.putCopy(id(1), random(SLAB - 1, 1), true);
    assertThat(store.pool().allocatedSlabs()).isZero();
    assertThat(store.get(id(1))).as("the store's own array, as put keeps it").isSameAs(store.get(id(1)));
  }

  @Test
  void freeSlabsKeptAreBoundedByCapacity() {
    HeapObjectStore store = new HeapObjectStore(2L * SLAB);
    store.putCopy(id(1), random(4 * SLAB, 1), true); // a primary beyond capacity is kept all the same
    store.delete(id(1));
    assertThat(store.pool().allocatedSlabs()).isEqualTo(4);
    assertThat(store.pool().freeSlabs()).isEqualTo(2);
  }

  /**
   * Readers copying a large object out while others delete it and put new ones into the freed
   * slabs: every read sees the bytes of the object it asked for, never a newer object's.
   */
  @Test
  void aDeleteDuringAGetDoesNotHandItsSlabsOnUntilTheReadEnds() throws Exception {
    HeapObjectStore store = new HeapObjectStore(64L * SLAB);
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
}
