package org.miniray.objectstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.miniray.config.ConfigException;
import org.miniray.config.Keys;
import org.miniray.config.MinirayConfig;

class ObjectStoresTest {
  @Test
  void heapIsTheDefaultAndReadsItsCapacity() {
    ObjectStore store = ObjectStores.selector()
        .create(MinirayConfig.of(Map.of(Keys.OBJECT_STORE_CAPACITY.name(), "4096")));
    assertThat(store).isInstanceOf(HeapObjectStore.class);
    assertThat(store.capacityBytes()).isEqualTo(4096);
  }

  @Test
  void unknownNameListsTheBuiltIns() {
    assertThatThrownBy(() -> ObjectStores.selector().create("plasma", MinirayConfig.defaults()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("heap");
  }
}
