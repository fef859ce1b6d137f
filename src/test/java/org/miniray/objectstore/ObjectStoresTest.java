package org.miniray.objectstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.miniray.config.ConfigException;
import org.miniray.config.Keys;
import org.miniray.config.MinirayConfig;
import org.miniray.id.NodeId;

class ObjectStoresTest {
  @Test
  void heapIsTheDefaultAndReadsItsCapacity() {
    ObjectStore store = ObjectStores.selector()
        .create(MinirayConfig.of(Map.of(Keys.OBJECT_STORE_CAPACITY.name(), "4096")));
    assertThat(store).isInstanceOf(HeapObjectStore.class);
    assertThat(store.capacityBytes()).isEqualTo(4096);
  }

  @Test
  void aCapacityBeyondHalfTheDirectMemoryIsLoweredToIt() {
    // The slabs and the sockets' buffers share the JVM's direct memory: a store may take half.
    long half = DirectMemory.limitBytes() / 2;
    assertThat(DirectMemory.limitBytes()).isGreaterThan(0);
    ObjectStore store = ObjectStores.selector()
        .create(MinirayConfig.of(Map.of(Keys.OBJECT_STORE_CAPACITY.name(), Long.toString(4 * half))));
    assertThat(store.capacityBytes()).isEqualTo(half);
    assertThat(DirectMemory.storeCapacity(half - 1)).isEqualTo(half - 1);
  }

  @Test
  void aSpillDirectoryThatIsAFileIsRefusedByName(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
    assertThatThrownBy(() -> MinirayConfig.of(Map.of(Keys.OBJECT_STORE_SPILL_DIR.name(), file.toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("miniray.objectstore.spill.dir").hasMessageContaining("is not a directory");
    assertThatThrownBy(() -> MinirayConfig.of(Map.of(Keys.OBJECT_STORE_SPILL_DIR.name(), " ")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("miniray.objectstore.spill.dir");
  }

  @Test
  void eachNodeSpillsIntoItsOwnDirectory(@TempDir Path dir) throws Exception {
    MinirayConfig config = MinirayConfig.of(Map.of(Keys.OBJECT_STORE_SPILL_DIR.name(), dir.toString()));
    try (ObjectStore a = ObjectStores.forNode(new NodeId("node@127.0.0.1:7000")).create(config);
        ObjectStore b = ObjectStores.forNode(new NodeId("node@127.0.0.1:7000")).create(config)) {
      try (var children = Files.list(dir)) {
        assertThat(children.map(p -> p.getFileName().toString()))
            .hasSize(2).allMatch(n -> n.startsWith("node_127_0_0_1_7000." + ProcessHandle.current().pid() + "."));
      }
    }
    try (var children = Files.list(dir)) {
      assertThat(children).as("directories left once both stores closed").isEmpty();
    }
  }

  @Test
  void unknownNameListsTheBuiltIns() {
    assertThatThrownBy(() -> ObjectStores.selector().create("plasma", MinirayConfig.defaults()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("heap");
  }
}
