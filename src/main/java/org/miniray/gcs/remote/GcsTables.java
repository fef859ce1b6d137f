package org.miniray.gcs.remote;

import java.util.Map;
import org.miniray.gcs.ActorTable;
import org.miniray.gcs.CheckpointTable;
import org.miniray.gcs.FunctionTable;
import org.miniray.gcs.Gcs;
import org.miniray.gcs.NodeTable;
import org.miniray.gcs.ObjectTable;
import org.miniray.gcs.TaskTable;

/** The names under which the six tables travel. */
final class GcsTables {
  private GcsTables() {}

  static final Map<Class<?>, String> NAMES = Map.of(ObjectTable.class, "objects", TaskTable.class, "tasks",
      FunctionTable.class, "functions", CheckpointTable.class, "checkpoints", ActorTable.class, "actors",
      NodeTable.class, "nodes");

  static Object table(Gcs gcs, String name) {
    return switch (name) {
      case "objects" -> gcs.objectTable();
      case "tasks" -> gcs.taskTable();
      case "functions" -> gcs.functionTable();
      case "checkpoints" -> gcs.checkpointTable();
      case "actors" -> gcs.actorTable();
      case "nodes" -> gcs.nodeTable();
      default -> throw new IllegalArgumentException("no GCS table called '" + name + "'");
    };
  }

  static Class<?> type(String name) {
    for (Map.Entry<Class<?>, String> e : NAMES.entrySet()) {
      if (e.getValue().equals(name)) {
        return e.getKey();
      }
    }
    throw new IllegalArgumentException("no GCS table called '" + name + "'");
  }
}
