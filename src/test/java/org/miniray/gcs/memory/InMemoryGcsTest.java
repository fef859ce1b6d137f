package org.miniray.gcs.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.miniray.common.Clock;
import org.miniray.config.ConfigException;
import org.miniray.config.MinirayConfig;
import org.miniray.gcs.Gcs;
import org.miniray.gcs.GcsContractTest;
import org.miniray.gcs.GcsTables;
import org.miniray.gcs.ObjectEntry;
import org.miniray.gcs.TaskEntry;
import org.miniray.gcs.selector.GlobalControlStores;
import org.miniray.id.NodeId;
import org.miniray.id.ObjectId;
import org.miniray.task.TaskStatus;

class InMemoryGcsTest extends GcsContractTest {

  @Override
  protected boolean addsARowAtItsStatusInOneWrite() {
    return true;
  }

  @Override
  protected Gcs createGcs() {
    return new InMemoryGcs(4, Clock.SYSTEM);
  }

  /** The in-memory GCS is its own store: a second handle on the same tables, whose close leaves them open. */
  @Override
  protected Gcs openAnotherClient() {
    GcsTables same = gcs.tables();
    return new Gcs() {
      @Override
      public GcsTables tables() {
        return same;
      }

      @Override
      public void close() {}
    };
  }

  @ParameterizedTest(name = "{0} shards")
  @ValueSource(ints = {1, 4, 16})
  void anyShardCountServesTheSameWorkload(int shards) throws Exception {
    try (InMemoryGcs g = new InMemoryGcs(shards, Clock.SYSTEM)) {
      int tasks = 200;
      Recorder<ObjectEntry> watcher = new Recorder<>();
      g.objectTable().subscribe(object(tasks), watcher);
      runConcurrently(4, w -> {
        for (int i = w + 1; i <= tasks; i += 4) {
          done(g.taskTable().add(spec(task(i), 3)));
          done(g.taskTable().updateStatus(task(i), TaskStatus.RUNNING, node(w)));
          done(g.objectTable().addLocation(object(i), node(w), i));
          done(g.taskTable().updateStatus(task(i), TaskStatus.FINISHED, node(w)));
        }
      });
      done(g.objectTable().removeNode(node(0)));

      for (int i = 1; i <= tasks; i++) {
        TaskEntry t = done(g.taskTable().lookup(task(i))).orElseThrow();
        assertThat(t.status()).as("status of task %d with %d shards", i, shards).isEqualTo(TaskStatus.FINISHED);
        assertThat(t.attempt()).isEqualTo(1);
        ObjectEntry o = done(g.objectTable().lookup(object(i))).orElseThrow();
        NodeId maker = node((i - 1) % 4);
        assertThat(o.locations()).as("copies of object %d with %d shards", i, shards)
            .isEqualTo(maker.equals(node(0)) ? Set.of() : Set.of(maker));
      }
      watcher.awaitUntil(l -> l.get(l.size() - 1).locations().size() == 1);
    }
  }

  @Test
  void keysSpreadOverEveryShard() {
    GcsShards shards = new GcsShards(16);
    try {
      Set<Integer> used = new HashSet<>();
      for (int i = 1; i <= 200; i++) {
        ObjectId id = object(i);
        used.add(shards.shardOf(id));
        assertThat(shards.shardOf(id)).as("a key's shard never changes").isEqualTo(shards.shardOf(object(i)));
      }
      assertThat(used).as("shards that 200 object ids fall into").hasSize(16);
    } finally {
      shards.close();
    }
  }

  @Test
  void heartbeatTimeComesFromTheGcsClock() {
    AtomicLong nanos = new AtomicLong(5_000_000_000L);
    try (InMemoryGcs g = new InMemoryGcs(2, nanos::get)) {
      done(g.nodeTable().register(nodeInfo(0)));
      assertThat(done(g.nodeTable().all()).get(0).lastHeartbeatMillis()).as("registration time").isEqualTo(5_000);

      nanos.addAndGet(250_000_000L);
      done(g.nodeTable().heartbeat(node(0), load(1)));
      assertThat(done(g.nodeTable().all()).get(0).lastHeartbeatMillis()).as("heartbeat time").isEqualTo(5_250);
    }
  }

  @Test
  void selectorMakesTheMemoryGcsWithConfiguredShards() {
    MinirayConfig config = MinirayConfig.of(Map.of("miniray.gcs.shards", "16"));
    try (Gcs g = GlobalControlStores.selector().create(config)) {
      assertThat(g).isInstanceOf(InMemoryGcs.class);
      assertThat(((InMemoryGcs) g).shardCount()).isEqualTo(16);
    }
    assertThat(GlobalControlStores.selector().builtInNames()).containsExactly("memory", "zookeeper", "zookeeper-simple");
    assertThatThrownBy(() -> GlobalControlStores.selector().create("zookeper", config))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("memory");
  }

  @Test
  void shardCountMustBePositive() {
    assertThatThrownBy(() -> new InMemoryGcs(0, Clock.SYSTEM))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1 shard");
  }

  @Test
  void unknownNodeHeartbeatFails() {
    assertThat(gcs.nodeTable().heartbeat(node(7), load(1))).isCompletedExceptionally();
    assertThat(List.of(gcs.nodeTable().markDead(node(7)))).allMatch(f -> f.isCompletedExceptionally());
  }
}
