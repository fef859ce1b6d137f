package org.miniray.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.miniray.api.Ray;
import org.miniray.config.ConfigException;
import org.miniray.config.MinirayConfig;
import org.miniray.gcs.Gcs;
import org.miniray.id.ObjectId;
import org.miniray.lineage.LineageReplayer;
import org.miniray.lineage.LineageReplayers;
import org.miniray.serialization.SerializedObject;
import org.miniray.task.TaskSpec;

/**
 * Every component with more than one implementation is chosen by a config key, a built-in name
 * or a class name (DESIGN.md): the transport, the global and local schedulers and the lineage
 * replayer here, beside the GCS, the policy, the object store and the serializer.
 */
@Timeout(60)
class ComponentsByConfigTest {
  static int twice(int x) {
    return 2 * x;
  }

  /** A student's replayer: built from the cluster's parts, it rebuilds nothing. */
  static final class StudentLineage implements LineageReplayer {
    static final AtomicReference<Gcs> BUILT_ON = new AtomicReference<>();

    StudentLineage(LineageReplayers.Parts parts) {
      BUILT_ON.set(parts.gcs());
    }

    @Override
    public CompletableFuture<SerializedObject> reconstruct(ObjectId id) {
      return NONE.reconstruct(id);
    }

    @Override
    public CompletableFuture<Boolean> attemptFailed(TaskSpec spec, String why) {
      return NONE.attemptFailed(spec, why);
    }
  }

  @AfterEach
  void shutdown() {
    Ray.shutdown();
  }

  @Test
  void builtInNamesOfEveryComponentRunAJob() {
    Ray.init(Map.of("miniray.transport", "in-jvm", "miniray.scheduler.global", "policy",
        "miniray.scheduler.local", "bottom-up", "miniray.lineage", "none", "miniray.nodes", "2"));
    assertThat(Ray.task(ComponentsByConfigTest::twice, 21).remote().get(30_000)).isEqualTo(42);
  }

  @Test
  void aClassNameIsBuiltFromTheClustersParts() {
    Ray.init(Map.of("miniray.lineage", StudentLineage.class.getName(),
        "miniray.transport", "org.miniray.transport.InJvmTransport"));
    assertThat(Ray.task(ComponentsByConfigTest::twice, 4).remote().get(30_000)).isEqualTo(8);
    assertThat(StudentLineage.BUILT_ON.get()).as("the GCS the student's replayer was given")
        .isSameAs(((MinirayRuntime) Ray.internal()).cluster().gcs());
  }

  @Test
  void anUnknownNameIsRefusedWithTheBuiltInNames() {
    assertThatThrownBy(() -> new EmbeddedCluster(MinirayConfig.load(Map.of("miniray.scheduler.global", "fifo"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("miniray.scheduler.global = 'fifo'").hasMessageContaining("Built-in names: policy");
    assertThatThrownBy(() -> new EmbeddedCluster(MinirayConfig.load(Map.of("miniray.scheduler.local", "top-down"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("Built-in names: bottom-up");
  }
}
