package org.miniray.events;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.miniray.id.TaskId;
import org.miniray.task.TaskKind;

/**
 * Writes events in the Chrome trace event format (the JSON that Perfetto, ui.perfetto.dev,
 * and {@code chrome://tracing} open): one process row per node, one thread row per thread; a
 * complete event ({@code "ph":"X"}) for each run of a task on a worker thread, from
 * {@link Event.Kind#TASK_STARTED} to {@link Event.Kind#TASK_FINISHED}, and an instant event
 * ({@code "ph":"i"}) for everything else (submissions, forwards, placements, pulls, objects).
 *
 * <p>Times are microseconds since the first event. A task still running when the events were
 * read is drawn up to the last event, with {@code "unfinished": true} in its arguments.
 */
public final class TraceWriter {
  private TraceWriter() {}

  private record Run(Event start, boolean failed) {}

  private record Key(String node, String thread, TaskId task) {}

  public static String write(List<Event> events) {
    if (events.isEmpty()) {
      return "{\"traceEvents\":[],\"displayTimeUnit\":\"ms\"}";
    }
    long t0 = Long.MAX_VALUE;
    long tEnd = Long.MIN_VALUE;
    TreeSet<String> nodeNames = new TreeSet<>();
    for (Event e : events) {
      t0 = Math.min(t0, e.nanos());
      tEnd = Math.max(tEnd, e.nanos());
      nodeNames.add(e.node());
    }
    Map<String, Integer> pids = new HashMap<>();
    for (String n : nodeNames) {
      pids.put(n, pids.size() + 1);
    }
    Map<String, Integer> tids = new LinkedHashMap<>(); // node + '\n' + thread
    JsonWriter w = new JsonWriter().beginObject().name("traceEvents").beginArray();
    for (String n : nodeNames) {
      w.beginObject().field("name", "process_name").field("ph", "M").field("pid", pids.get(n))
          .name("args").beginObject().field("name", n).endObject().endObject();
      w.beginObject().field("name", "process_sort_index").field("ph", "M").field("pid", pids.get(n))
          .name("args").beginObject().field("sort_index", pids.get(n)).endObject().endObject();
    }
    Map<Key, Run> running = new LinkedHashMap<>();
    for (Event e : events) {
      int pid = pids.get(e.node());
      Integer tid = tids.get(e.node() + '\n' + e.thread());
      if (tid == null) {
        tid = tids.size() + 1;
        tids.put(e.node() + '\n' + e.thread(), tid);
        w.beginObject().field("name", "thread_name").field("ph", "M").field("pid", pid).field("tid", tid)
            .name("args").beginObject().field("name", e.thread()).endObject().endObject();
      }
      Key key = e.task() == null ? null : new Key(e.node(), e.thread(), e.task());
      switch (e.kind()) {
        case TASK_STARTED -> running.put(key, new Run(e, false));
        case TASK_FINISHED -> {
          Run r = running.remove(key);
          if (r != null) {
            complete(w, r, e.nanos(), t0, pid, tid, false);
          }
        }
        default -> {
          if (e.kind() == Event.Kind.TASK_FAILED && running.containsKey(key)) {
            running.put(key, new Run(running.get(key).start(), true));
          }
          instant(w, e, t0, pid, tid);
        }
      }
    }
    for (Run r : new ArrayList<>(running.values())) {
      Event s = r.start();
      complete(w, r, tEnd, t0, pids.get(s.node()), tids.get(s.node() + '\n' + s.thread()), true);
    }
    return w.endArray().field("displayTimeUnit", "ms").endObject().toString();
  }

  private static double micros(long nanos, long t0) {
    return (nanos - t0) / 1000.0;
  }

  private static void complete(JsonWriter w, Run r, long endNanos, long t0, int pid, int tid, boolean unfinished) {
    Event s = r.start();
    boolean actor = s.spec() != null && s.spec().kind() != TaskKind.NORMAL;
    w.beginObject().field("name", s.taskName()).field("cat", actor ? "actor" : "task").field("ph", "X")
        .name("ts").value(micros(s.nanos(), t0)).name("dur").value(Math.max(0, (endNanos - s.nanos()) / 1000.0))
        .field("pid", pid).field("tid", tid)
        .name("args").beginObject().field("task", s.task().toString()).field("node", s.node());
    if (s.actor() != null) {
      w.field("actor", s.actor().toString());
    }
    if (r.failed()) {
      w.name("failed").value(true);
    }
    if (unfinished) {
      w.name("unfinished").value(true);
    }
    w.endObject().endObject();
  }

  private static void instant(JsonWriter w, Event e, long t0, int pid, int tid) {
    String what = e.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    String name = e.taskName() != null && e.object() == null ? what + ": " + e.taskName() : what;
    w.beginObject().field("name", name).field("cat", e.kind().name()).field("ph", "i").field("s", "t")
        .name("ts").value(micros(e.nanos(), t0)).field("pid", pid).field("tid", tid)
        .name("args").beginObject().field("node", e.node());
    if (e.task() != null) {
      w.field("task", e.task().toString());
    }
    if (e.object() != null) {
      w.field("object", e.object().toString());
    }
    if (e.actor() != null) {
      w.field("actor", e.actor().toString());
    }
    if (e.bytes() != 0) {
      w.field("bytes", e.bytes());
    }
    if (e.peer() != null) {
      w.field(e.kind() == Event.Kind.TASK_SCHEDULED ? "to" : "from", e.peer());
    }
    if (e.detail() != null) {
      w.field("detail", e.detail());
    }
    w.endObject().endObject();
  }
}
