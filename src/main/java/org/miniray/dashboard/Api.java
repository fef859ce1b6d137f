package org.miniray.dashboard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.miniray.events.Event;
import org.miniray.events.GraphWriter;
import org.miniray.events.JobGraph;
import org.miniray.events.JsonWriter;
import org.miniray.events.TraceWriter;
import org.miniray.gcs.ActorEntry;
import org.miniray.gcs.JobEntry;
import org.miniray.gcs.JobSummary;
import org.miniray.gcs.NodeEntry;
import org.miniray.gcs.NodeLoad;
import org.miniray.id.ActorId;
import org.miniray.id.JobId;
import org.miniray.id.ObjectId;
import org.miniray.id.TaskId;
import org.miniray.task.ResourceSet;
import org.miniray.task.TaskKind;
import org.miniray.task.TaskSpec;

/**
 * The JSON (and the graph) behind each {@code /api/} endpoint, made from a {@link ClusterView}.
 * Tasks, actors and objects are rebuilt from the events, as {@link JobGraph} rebuilds the graph:
 * the GCS keeps rows by id and has no "list everything" query, and needs none.
 */
final class Api {
  /** Rows of each list at most, the newest kept: a page of a long job stays small. */
  static final int MAX_ROWS = 500;

  private final ClusterView view;

  Api(ClusterView view) {
    this.view = view;
  }

  /** {@code [{"id", "address", "alive", "total", "available", "queue", ...}]}, one per node. */
  String nodes() {
    JsonWriter w = new JsonWriter().beginArray();
    for (NodeEntry n : view.nodes()) {
      NodeLoad l = n.load();
      w.beginObject().field("id", n.info().id().value()).field("address", n.info().address())
          .name("alive").value(n.alive());
      resources(w.name("total"), n.info().total());
      if (l != null) {
        resources(w.name("available"), l.available());
        w.field("queue", l.queueLength()).field("objects", l.objectCount()).field("storeBytes", l.storeBytes())
            .field("storeCapacityBytes", l.storeCapacityBytes()).field("spilledObjects", l.spilledCount())
            .field("spilledBytes", l.spilledBytes())
            .name("avgTaskMillis").value(l.avgTaskMillis())
            .field("forwardedForQueue", l.forwardedForQueue())
            .field("forwardedForResources", l.forwardedForResources());
      }
      w.endObject();
    }
    return w.endArray().toString();
  }

  private static void resources(JsonWriter w, ResourceSet r) {
    w.beginObject();
    for (Map.Entry<String, Double> e : r.asMap().entrySet()) {
      w.name(e.getKey()).value(e.getValue());
    }
    w.endObject();
  }

  /** What the events say of one task, latest first. */
  private static final class TaskRow {
    final TaskSpec spec;
    String state = "SUBMITTED";
    String node;
    long submitted = -1;
    long started = -1;
    long ended = -1;
    int runs;
    String error;
    long last;

    TaskRow(TaskSpec spec) {
      this.spec = spec;
    }
  }

  private Map<TaskId, TaskRow> taskRows(List<Event> events) {
    Map<TaskId, TaskRow> rows = new LinkedHashMap<>();
    for (Event e : events) {
      if (e.spec() == null) {
        continue;
      }
      TaskRow r = rows.computeIfAbsent(e.task(), t -> new TaskRow(e.spec()));
      r.last = e.nanos();
      switch (e.kind()) {
        case TASK_SUBMITTED -> {
          r.submitted = r.submitted < 0 ? e.nanos() : r.submitted;
          r.node = r.node == null ? e.node() : r.node;
        }
        case TASK_FORWARDED -> r.state = r.started < 0 ? "FORWARDED" : r.state;
        case TASK_SCHEDULED -> {
          r.state = r.started < 0 ? "SCHEDULED" : r.state;
          r.node = e.peer();
        }
        case TASK_STARTED -> {
          r.state = "RUNNING";
          r.node = e.node();
          r.started = e.nanos();
          r.ended = -1;
          r.error = null; // a new attempt
          r.runs++;
        }
        case TASK_FAILED -> r.error = e.detail();
        case TASK_FINISHED -> {
          r.state = r.error != null ? "FAILED" : "FINISHED";
          r.ended = e.nanos();
        }
        default -> { }
      }
    }
    return rows;
  }

  /**
   * {@code {"running": [...], "finished": [...], "pending": [...]}}: tasks by what they do now,
   * each list newest first. Finished includes failed ones ({@code "state": "FAILED"}).
   */
  String tasks() {
    List<TaskRow> rows = new ArrayList<>(taskRows(view.events()).values());
    rows.sort(Comparator.comparingLong((TaskRow r) -> r.last).reversed());
    long now = view.nanoTime();
    JsonWriter w = new JsonWriter().beginObject();
    for (String group : List.of("running", "finished", "pending")) {
      w.name(group).beginArray();
      int n = 0;
      for (TaskRow r : rows) {
        String g = r.state.equals("RUNNING") ? "running"
            : r.state.equals("FINISHED") || r.state.equals("FAILED") ? "finished" : "pending";
        if (!g.equals(group) || n++ >= MAX_ROWS) {
          continue;
        }
        TaskSpec s = r.spec;
        w.beginObject().field("id", s.taskId().toString()).field("name", s.name())
            .field("job", s.jobId().value()).field("kind", s.kind().name()).field("state", r.state)
            .field("node", r.node);
        if (s.actorId() != null) {
          w.field("actor", s.actorId().toString());
        }
        if (r.started >= 0) {
          long end = r.ended >= 0 ? r.ended : now;
          w.name("millis").value((end - r.started) / 1e6);
        }
        if (r.runs > 1) {
          w.field("runs", r.runs);
        }
        if (r.error != null) {
          w.field("error", r.error);
        }
        w.endObject();
      }
      w.endArray();
    }
    return w.endObject().toString();
  }

  /** {@code [{"id", "class", "name", "state", "node", "restarts", "calls"}]}, from the events and the actor table. */
  String actors() {
    Map<ActorId, TaskSpec> created = new LinkedHashMap<>();
    Map<ActorId, Set<TaskId>> calls = new LinkedHashMap<>();
    Map<ActorId, String> createdOn = new LinkedHashMap<>();
    for (Event e : view.events()) {
      if (e.actor() == null || e.spec() == null) {
        continue;
      }
      if (e.spec().kind() == TaskKind.ACTOR_CREATION) {
        created.putIfAbsent(e.actor(), e.spec());
        if (e.kind() == Event.Kind.ACTOR_CREATED) {
          createdOn.put(e.actor(), e.node());
        }
      } else {
        calls.computeIfAbsent(e.actor(), a -> new LinkedHashSet<>()).add(e.task());
      }
    }
    JsonWriter w = new JsonWriter().beginArray();
    List<ActorId> ids = new ArrayList<>(created.keySet());
    for (ActorId id : ids.subList(Math.max(0, ids.size() - MAX_ROWS), ids.size())) {
      TaskSpec s = created.get(id);
      Optional<ActorEntry> row = view.actor(id);
      w.beginObject().field("id", id.toString()).field("class", s.function().className())
          .field("job", s.jobId().value());
      if (row.isPresent()) {
        ActorEntry a = row.get();
        w.field("name", a.simpleName()).field("namespace", a.namespace()).field("state", a.state().name())
            .field("node", a.node() != null ? a.node().value() : null).field("restarts", a.restarts());
        if (a.deathCause() != null) {
          w.field("deathCause", a.deathCause());
        }
      } else {
        w.field("state", createdOn.containsKey(id) ? "ALIVE" : "PENDING").field("node", createdOn.get(id));
      }
      w.field("calls", calls.getOrDefault(id, Set.of()).size()).endObject();
    }
    return w.endArray().toString();
  }

  /** One object: its size and the nodes that hold a copy (as the events tell). */
  private static final class ObjectRow {
    long bytes;
    String createdOn;
    final Set<String> copies = new LinkedHashSet<>();
    long last;
  }

  /**
   * {@code {"stores": [{"node", "objects", "bytes"}], "objects": [{"id", "bytes", "createdOn", "copies"}]}}:
   * each store's memory from the heartbeats, and the newest objects from the events.
   */
  String objects() {
    Map<ObjectId, ObjectRow> rows = new LinkedHashMap<>();
    for (Event e : view.events()) {
      if (e.object() == null) {
        continue;
      }
      ObjectRow r = rows.computeIfAbsent(e.object(), o -> new ObjectRow());
      r.last = e.nanos();
      switch (e.kind()) {
        case OBJECT_CREATED -> {
          r.bytes = e.bytes();
          r.createdOn = e.node();
          r.copies.add(e.node());
        }
        case OBJECT_TRANSFERRED -> {
          r.bytes = Math.max(r.bytes, e.bytes());
          r.copies.add(e.node());
        }
        case OBJECT_EVICTED -> r.copies.remove(e.node());
        default -> { }
      }
    }
    JsonWriter w = new JsonWriter().beginObject().name("stores").beginArray();
    for (NodeEntry n : view.nodes()) {
      if (n.alive() && n.load() != null) {
        w.beginObject().field("node", n.info().id().value()).field("objects", n.load().objectCount())
            .field("bytes", n.load().storeBytes()).field("capacityBytes", n.load().storeCapacityBytes())
            .field("spilledObjects", n.load().spilledCount()).field("spilledBytes", n.load().spilledBytes()).endObject();
      }
    }
    w.endArray().name("objects").beginArray();
    List<Map.Entry<ObjectId, ObjectRow>> list = new ArrayList<>(rows.entrySet());
    list.sort(Comparator.comparingLong((Map.Entry<ObjectId, ObjectRow> e) -> e.getValue().last).reversed());
    for (Map.Entry<ObjectId, ObjectRow> e : list.subList(0, Math.min(MAX_ROWS, list.size()))) {
      ObjectRow r = e.getValue();
      w.beginObject().field("id", e.getKey().toString()).field("bytes", r.bytes).field("createdOn", r.createdOn)
          .name("put").value(e.getKey().isPut()).name("copies").beginArray();
      for (String c : r.copies) {
        w.value(c);
      }
      w.endArray().endObject();
    }
    return w.endArray().endObject().toString();
  }

  /** Every process's events as a Chrome trace (what {@code miniray timeline} writes). */
  String timeline() {
    return TraceWriter.write(view.events());
  }

  /**
   * {@code {"jobs": [{"id": "01000000", "number": 1, "state", "driver", "host", "pid", "entryPoint",
   * "startMillis", "endMillis", "durationMillis", "tasks": {"FINISHED": 12, ...}, "actorCalls", "actors": [...],
   * "graph"}], "latest": "01000000"}}: the job table, by id, and the newest job that ran a task
   * (whose graph the page shows), or null.
   */
  String jobs() {
    long now = view.epochMillis();
    JsonWriter w = new JsonWriter().beginObject().name("jobs").beginArray();
    for (JobSummary s : view.jobs()) {
      JobEntry j = s.job();
      w.beginObject().field("id", j.id().hex()).field("number", j.id().value()).field("state", j.state().name())
          .field("driver", j.info().driver().value()).field("host", j.info().host()).field("pid", j.info().pid())
          .field("entryPoint", j.info().entryPoint()).field("startMillis", j.info().startMillis());
      if (j.state().isEnded()) {
        w.field("endMillis", j.endMillis());
      }
      w.field("durationMillis", j.durationMillis(now)).name("tasks").beginObject();
      s.tasks().forEach((status, n) -> w.field(status.name(), n));
      w.endObject().field("actorCalls", s.actorCalls()).name("actors").beginArray();
      for (ActorEntry a : s.actors()) {
        w.beginObject().field("id", a.id().toString()).field("class", a.creationSpec().function().className())
            .field("name", a.nameFor(j.id())).field("state", a.state().name())
            .field("node", a.node() == null ? null : a.node().value()).endObject();
      }
      w.endArray().field("graph", "/api/graph?format=svg&job=" + j.id().hex()).endObject();
    }
    List<JobId> ran = JobGraph.jobs(view.events());
    return w.endArray().field("latest", ran.isEmpty() ? null : ran.get(ran.size() - 1).hex()).endObject().toString();
  }

  /**
   * The computation graph of {@code job} (null: the newest job) as {@code svg}, {@code dot} or
   * {@code json}; an unknown format is an {@link IllegalArgumentException} naming it.
   */
  String graph(String format, JobId job) {
    List<Event> events = view.events();
    if (job == null) {
      List<JobId> jobs = JobGraph.jobs(events);
      job = jobs.isEmpty() ? null : jobs.get(jobs.size() - 1);
    }
    JobGraph g = JobGraph.of(events, job);
    return switch (format) {
      case "svg" -> GraphWriter.svg(g);
      case "dot" -> GraphWriter.dot(g);
      case "json" -> GraphWriter.json(g);
      default -> throw new IllegalArgumentException("a graph is svg, dot or json, not '" + format + "'");
    };
  }
}
