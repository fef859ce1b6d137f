package org.miniray.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.miniray.api.ObjectRef;
import org.miniray.api.Ray;
import org.miniray.gcs.TaskEntry;
import org.miniray.gcs.TaskTable;
import org.miniray.id.TaskId;
import org.miniray.runtime.MinirayRuntime;
import org.miniray.runtime.ObjectRefImpl;
import org.miniray.task.TaskSpec;

/**
 * Which tasks a piece of driver code submitted, read from the GCS task table (the lineage), so
 * lab 1's graders can check that a solution really uses tasks and actors.
 *
 * <p>Task ids are deterministic: the k-th task a task submits has the id
 * {@code TaskId.forChild(parent, k)}, k = 1, 2, ... The census submits a marker task before and
 * after the code, finds the driver's children between the two markers, and follows each one's
 * children in turn, so nested tasks count too.
 */
final class TaskCensus {
  private TaskCensus() {}

  static int marker(int x) {
    return x;
  }

  /** Runs {@code code} on the driver and returns it with the specs of every task it caused. */
  static <T> Counted<T> count(Supplier<T> code) {
    ObjectRef<Integer> before = Ray.task(TaskCensus::marker, 1).remote();
    T value = code.get();
    ObjectRef<Integer> after = Ray.task(TaskCensus::marker, 2).remote();
    Ray.get(after);
    TaskTable tasks = ((MinirayRuntime) Ray.internal()).cluster().gcs().taskTable();
    TaskId first = taskOf(before);
    TaskId last = taskOf(after);
    TaskId driver = lookup(tasks, first).orElseThrow().spec().parentTaskId();
    List<TaskSpec> found = new ArrayList<>();
    boolean between = false;
    for (long k = 1; k < 10_000_000; k++) {
      TaskId id = TaskId.forChild(driver, k);
      if (id.equals(last)) {
        break;
      }
      if (between) {
        lookup(tasks, id).ifPresent(e -> found.add(e.spec()));
      }
      between |= id.equals(first);
    }
    for (int i = 0; i < found.size() && found.size() < 1_000_000; i++) {
      TaskId parent = found.get(i).taskId();
      for (long k = 1; ; k++) {
        Optional<TaskEntry> child = lookup(tasks, TaskId.forChild(parent, k));
        if (child.isEmpty()) {
          break;
        }
        found.add(child.get().spec());
      }
    }
    return new Counted<>(value, found);
  }

  /** A result and the tasks that made it. */
  record Counted<T>(T value, List<TaskSpec> tasks) {
    long calls(Class<?> type, String method) {
      return tasks.stream().filter(t -> t.function().className().equals(type.getName())
          && t.function().methodName().equals(method)).count();
    }

    long ofKind(org.miniray.task.TaskKind kind) {
      return tasks.stream().filter(t -> t.kind() == kind).count();
    }
  }

  private static TaskId taskOf(ObjectRef<?> ref) {
    return ((ObjectRefImpl<?>) ref).id().task();
  }

  private static Optional<TaskEntry> lookup(TaskTable tasks, TaskId id) {
    try {
      return tasks.lookup(id).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot read task " + id + " from the task table", e);
    }
  }
}
