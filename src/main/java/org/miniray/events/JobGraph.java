package org.miniray.events;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.miniray.id.ActorId;
import org.miniray.id.JobId;
import org.miniray.id.ObjectId;
import org.miniray.id.TaskId;
import org.miniray.task.TaskArg;
import org.miniray.task.TaskKind;
import org.miniray.task.TaskSpec;

/**
 * The computation graph of a job (paper section 3.2), rebuilt from the task specs that
 * {@link Event.Kind#TASK_SUBMITTED} events carry. Tasks and actor methods are the vertices;
 * objects label the data edges rather than being vertices of their own, which keeps a picture
 * of a few dozen tasks readable. Three kinds of edge:
 *
 * <ul>
 *   <li>data: the object a task returned (or {@code put}) is an argument of another task
 *       ({@link TaskArg.ByRef});
 *   <li>control: a task (or the driver) submitted another ({@link TaskSpec#parentTaskId()});
 *   <li>stateful: consecutive methods of one actor, from its creation on, in the order they
 *       ran (by sequence number for calls that have not run).
 * </ul>
 *
 * @param tasks the vertices: the driver first, then tasks in submission order
 * @param edges data, then control, then stateful edges
 */
public record JobGraph(List<Task> tasks, List<Edge> edges) {

  public enum EdgeKind {
    DATA,
    CONTROL,
    STATEFUL
  }

  /**
   * One vertex.
   *
   * @param kind null for the driver or a task whose spec was not recorded
   * @param node the node it (last) ran on, or null if it has not run
   * @param runs how often it started: more than one means it was re-executed (retried or
   *     reconstructed)
   * @param failed whether it produced an error
   */
  public record Task(TaskId id, String name, TaskKind kind, ActorId actor, String node, int runs, boolean failed) {
    public boolean isDriver() {
      return kind == null;
    }

    public boolean reExecuted() {
      return runs > 1;
    }
  }

  /** An edge; {@code object} is the object passed along a data edge, else null. */
  public record Edge(TaskId from, TaskId to, EdgeKind kind, ObjectId object) {}

  /** The graph of {@code job} from these events (any order); null {@code job} takes every job. */
  public static JobGraph of(List<Event> events, JobId job) {
    Map<TaskId, TaskSpec> specs = new LinkedHashMap<>();
    Map<TaskId, String> ranOn = new HashMap<>();
    Map<TaskId, Long> firstStart = new HashMap<>();
    Map<TaskId, Integer> runs = new HashMap<>();
    Set<TaskId> failed = new LinkedHashSet<>();
    List<Event> inOrder = new ArrayList<>(events);
    inOrder.sort(Comparator.comparingLong(Event::nanos));
    for (Event e : inOrder) {
      TaskSpec s = e.spec();
      if (s == null || (job != null && !s.jobId().equals(job))) {
        continue;
      }
      specs.putIfAbsent(s.taskId(), s);
      switch (e.kind()) {
        case TASK_STARTED -> {
          ranOn.put(s.taskId(), e.node());
          firstStart.putIfAbsent(s.taskId(), e.nanos());
          runs.merge(s.taskId(), 1, Integer::sum);
        }
        case TASK_FAILED -> failed.add(s.taskId());
        default -> { }
      }
    }

    Map<TaskId, Task> vertices = new LinkedHashMap<>();
    List<Edge> data = new ArrayList<>();
    List<Edge> control = new ArrayList<>();
    for (TaskSpec s : specs.values()) {
      if (!specs.containsKey(s.parentTaskId())) {
        vertices.putIfAbsent(s.parentTaskId(), outside(s.parentTaskId(), "driver"));
      }
    }
    for (TaskSpec s : specs.values()) {
      vertices.put(s.taskId(), new Task(s.taskId(), s.name(), s.kind(), s.actorId(), ranOn.get(s.taskId()),
          runs.getOrDefault(s.taskId(), 0), failed.contains(s.taskId())));
    }
    for (TaskSpec s : specs.values()) {
      Set<ObjectId> seen = new LinkedHashSet<>();
      for (TaskArg a : s.args()) {
        if (a instanceof TaskArg.ByRef r && seen.add(r.id())) {
          vertices.putIfAbsent(r.id().task(), outside(r.id().task(), "unknown task"));
          data.add(new Edge(r.id().task(), s.taskId(), EdgeKind.DATA, r.id()));
        }
      }
      control.add(new Edge(s.parentTaskId(), s.taskId(), EdgeKind.CONTROL, null));
    }

    List<Edge> edges = new ArrayList<>(data);
    edges.addAll(control);
    edges.addAll(stateful(specs, firstStart));
    return new JobGraph(List.copyOf(vertices.values()), List.copyOf(edges));
  }

  private static Task outside(TaskId id, String name) {
    return new Task(id, name, null, null, null, 0, false);
  }

  /** Chains each actor's creation and methods in the order they ran. */
  private static List<Edge> stateful(Map<TaskId, TaskSpec> specs, Map<TaskId, Long> firstStart) {
    Map<ActorId, List<TaskSpec>> byActor = new LinkedHashMap<>();
    for (TaskSpec s : specs.values()) {
      if (s.actorId() != null) {
        byActor.computeIfAbsent(s.actorId(), a -> new ArrayList<>()).add(s);
      }
    }
    List<Edge> out = new ArrayList<>();
    for (List<TaskSpec> calls : byActor.values()) {
      List<TaskSpec> sorted = new ArrayList<>(calls); // submission order breaks the remaining ties
      sorted.sort(Comparator.comparing((TaskSpec s) -> s.kind() != TaskKind.ACTOR_CREATION)
          .thenComparingLong(s -> firstStart.getOrDefault(s.taskId(), Long.MAX_VALUE))
          .thenComparingLong(TaskSpec::sequenceNumber));
      for (int i = 1; i < sorted.size(); i++) {
        out.add(new Edge(sorted.get(i - 1).taskId(), sorted.get(i).taskId(), EdgeKind.STATEFUL, null));
      }
    }
    return out;
  }

  /** The jobs these events concern, in the order each first appears (so the newest job is last). */
  public static List<JobId> jobs(List<Event> events) {
    List<Event> inOrder = new ArrayList<>(events);
    inOrder.sort(Comparator.comparingLong(Event::nanos));
    Set<JobId> jobs = new LinkedHashSet<>();
    for (Event e : inOrder) {
      if (e.spec() != null) {
        jobs.add(e.spec().jobId());
      }
    }
    return List.copyOf(jobs);
  }

  /** The vertex with this id, or null. */
  public Task task(TaskId id) {
    for (Task t : tasks) {
      if (t.id().equals(id)) {
        return t;
      }
    }
    return null;
  }

  /** The names of the nodes tasks ran on, sorted: the order of their colors. */
  public List<String> nodes() {
    return tasks.stream().map(Task::node).filter(n -> n != null).distinct().sorted().toList();
  }
}
