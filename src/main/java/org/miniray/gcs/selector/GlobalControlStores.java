package org.miniray.gcs.selector;

import org.miniray.config.ComponentSelector;
import org.miniray.config.Keys;
import org.miniray.gcs.Gcs;
import org.miniray.gcs.memory.InMemoryGcs;
import org.miniray.gcs.zookeeper.ZooKeeperGcs;
import org.miniray.gcs.zookeeper.simple.ZooKeeperSimpleGcs;

/** Picks the {@link Gcs} named by {@link Keys#GCS}: a built-in name, or a class implementing {@link Gcs}. */
public final class GlobalControlStores {
  private GlobalControlStores() {}

  /**
   * Built-in names: {@code memory} ({@link InMemoryGcs}, {@link Keys#GCS_SHARDS} shards),
   * {@code zookeeper} ({@link ZooKeeperGcs}, configured by the {@code miniray.gcs.*} keys) and
   * {@code zookeeper-simple} (lab 5's {@link ZooKeeperSimpleGcs}, the same keys).
   */
  public static ComponentSelector<Gcs> selector() {
    return new ComponentSelector<>(Gcs.class, Keys.GCS)
        .builtIn("memory", InMemoryGcs::new)
        .builtIn("zookeeper", ZooKeeperGcs::new)
        .builtIn("zookeeper-simple", ZooKeeperSimpleGcs::new);
  }
}
