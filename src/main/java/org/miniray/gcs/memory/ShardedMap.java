package org.miniray.gcs.memory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.miniray.gcs.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rows of one in-memory table, split into shards by key, with per-key subscribers: the
 * helper every {@code InMemory*Table} is built on.
 *
 * <p>Each shard has its own lock, rows and subscriber lists. A write changes the row and queues
 * its notification under the shard's lock, with the list of subscribers as they are at that
 * moment; the shard's single notifier thread then calls them. So for one key, notifications run
 * in the order of the writes, and a subscriber that registers (also under the lock, queueing
 * the current row) sees the current row first and then exactly the later changes.
 *
 * @param <K> the key (an id); its {@code hashCode} picks the shard
 * @param <V> the row, an immutable value
 */
final class ShardedMap<K, V> {
  private static final Logger log = LoggerFactory.getLogger(ShardedMap.class);

  private final String table;
  private final GcsShards shards;
  private final Shard<K, V>[] parts;

  @SuppressWarnings("unchecked")
  ShardedMap(String table, GcsShards shards) {
    this.table = table;
    this.shards = shards;
    this.parts = new Shard[shards.count()];
    for (int i = 0; i < parts.length; i++) {
      parts[i] = new Shard<>(i);
    }
  }

  V get(K key) {
    Shard<K, V> s = shardOf(key);
    synchronized (s) {
      return s.rows.get(key);
    }
  }

  /** A snapshot of every row, shard by shard. */
  List<V> values() {
    List<V> all = new ArrayList<>();
    for (Shard<K, V> s : parts) {
      synchronized (s) {
        all.addAll(s.rows.values());
      }
    }
    return all;
  }

  /**
   * Replaces {@code key}'s row by {@code change(current row or null)} and notifies its
   * subscribers. {@code change} returns its argument itself to mean "no change" (nothing is
   * stored or published); an exception it throws leaves the row as it was and reaches the
   * caller. It runs under the shard's lock, so it must be quick and must not touch other rows.
   *
   * @return the row after the change
   */
  V update(K key, UnaryOperator<V> change) {
    Shard<K, V> s = shardOf(key);
    synchronized (s) {
      V old = s.rows.get(key);
      V now = change.apply(old);
      if (now != old) {
        s.rows.put(key, now);
        publish(s, key, now);
      }
      return now;
    }
  }

  /** Removes {@code key}'s row, if any; its subscribers hear nothing more of it. */
  void remove(K key) {
    Shard<K, V> s = shardOf(key);
    synchronized (s) {
      s.rows.remove(key);
    }
  }

  /** Applies {@code change(key, row)} to every row, shard by shard, as {@link #update} does. */
  void updateAll(BiFunction<K, V, V> change) {
    for (Shard<K, V> s : parts) {
      synchronized (s) {
        for (Map.Entry<K, V> row : s.rows.entrySet()) {
          V old = row.getValue();
          V now = change.apply(row.getKey(), old);
          if (now != old) {
            row.setValue(now);
            publish(s, row.getKey(), now);
          }
        }
      }
    }
  }

  /**
   * Applies {@code change(key, row)} to the rows of one shard only, as {@link #updateAll} does;
   * a change that returns null removes the row (its subscribers hear nothing more of it). For a
   * replicated GCS, whose shards each follow their own log.
   */
  void updateShard(int shard, BiFunction<K, V, V> change) {
    Shard<K, V> s = parts[shard];
    synchronized (s) {
      for (var it = s.rows.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<K, V> row = it.next();
        V old = row.getValue();
        V now = change.apply(row.getKey(), old);
        if (now == null) {
          it.remove();
        } else if (now != old) {
          row.setValue(now);
          publish(s, row.getKey(), now);
        }
      }
    }
  }

  /** A snapshot of one shard's rows, by key. */
  Map<K, V> rowsInShard(int shard) {
    Shard<K, V> s = parts[shard];
    synchronized (s) {
      return new HashMap<>(s.rows);
    }
  }

  /** Calls {@code listener} with {@code key}'s row now (if any), then after each change to it. */
  Subscription subscribe(K key, Consumer<V> listener) {
    shards.checkOpen();
    Shard<K, V> s = shardOf(key);
    Listener<V> l = new Listener<>(listener);
    synchronized (s) {
      s.byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(l);
      V current = s.rows.get(key);
      if (current != null) {
        deliver(s, key, current, List.of(l));
      }
    }
    return () -> {
      l.active = false;
      synchronized (s) {
        List<Listener<V>> list = s.byKey.get(key);
        if (list != null && list.remove(l) && list.isEmpty()) {
          s.byKey.remove(key);
        }
      }
    };
  }

  /** Calls {@code listener} with every row now, then after each change to any row. */
  Subscription subscribeAll(Consumer<V> listener) {
    shards.checkOpen();
    Listener<V> l = new Listener<>(listener);
    for (Shard<K, V> s : parts) {
      synchronized (s) {
        s.everyKey.add(l);
        s.rows.forEach((k, v) -> deliver(s, k, v, List.of(l)));
      }
    }
    return () -> {
      l.active = false;
      for (Shard<K, V> s : parts) {
        synchronized (s) {
          s.everyKey.remove(l);
        }
      }
    };
  }

  private Shard<K, V> shardOf(K key) {
    return parts[shards.shardOf(key)];
  }

  // Called under the shard's lock, so the queue order is the write order.
  private void publish(Shard<K, V> s, K key, V row) {
    List<Listener<V>> forKey = s.byKey.getOrDefault(key, List.of());
    if (forKey.isEmpty() && s.everyKey.isEmpty()) {
      return;
    }
    List<Listener<V>> targets = new ArrayList<>(forKey.size() + s.everyKey.size());
    targets.addAll(forKey);
    targets.addAll(s.everyKey);
    deliver(s, key, row, targets);
  }

  private void deliver(Shard<K, V> s, K key, V row, List<Listener<V>> targets) {
    try {
      shards.notifier(s.index).execute(() -> {
        for (Listener<V> l : targets) {
          if (!l.active || shards.isClosed()) {
            continue;
          }
          try {
            l.consumer.accept(row);
          } catch (Throwable t) { // a listener's bug must not silence the others, nor itself
            log.warn("GCS {} table: a listener of {} threw on {}; it stays subscribed", table,
                key, row, t);
          }
        }
      });
    } catch (RejectedExecutionException e) {
      // The GCS closed between the caller's check and now: nobody is listening any more.
    }
  }

  private static final class Shard<K, V> {
    final int index;
    final Map<K, V> rows = new HashMap<>();
    final Map<K, List<Listener<V>>> byKey = new HashMap<>();
    final List<Listener<V>> everyKey = new ArrayList<>();

    Shard(int index) {
      this.index = index;
    }
  }

  private static final class Listener<V> {
    final Consumer<V> consumer;
    volatile boolean active = true; // read by the notifier thread, so close() takes effect at once

    Listener(Consumer<V> consumer) {
      this.consumer = consumer;
    }
  }
}
