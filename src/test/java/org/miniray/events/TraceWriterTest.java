package org.miniray.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.miniray.api.Ray;

/** The timeline of a small job is valid Chrome trace JSON with one complete event per task run. */
class TraceWriterTest {

  @BeforeAll
  static void start() {
    Ray.init(SmallJob.config());
    SmallJob.run();
  }

  @AfterAll
  static void stop() {
    Ray.shutdown();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> traceEvents() {
    Map<String, Object> root = (Map<String, Object>) Json.parse(Ray.timeline());
    return (List<Map<String, Object>>) root.get("traceEvents");
  }

  private static List<String> completeEventNames(List<Map<String, Object>> events) {
    List<String> names = new ArrayList<>();
    for (Map<String, Object> e : events) {
      if ("X".equals(e.get("ph"))) {
        names.add((String) e.get("name"));
      }
    }
    return names;
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyTaskRunsOnceAsACompleteEvent() {
    List<String> expected = new ArrayList<>(SmallJob.NORMAL);
    expected.addAll(SmallJob.METHODS);
    expected.add("acc");
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      List<Map<String, Object>> events = traceEvents();
      assertThat(completeEventNames(events)).as("names of the X events, one per task run")
          .containsExactlyInAnyOrderElementsOf(expected);
      for (Map<String, Object> e : events) {
        if ("X".equals(e.get("ph"))) {
          Map<String, Object> args = (Map<String, Object>) e.get("args");
          assertThat(args).as("arguments of task %s", e.get("name")).containsKeys("task", "node");
          assertThat((Double) e.get("dur")).as("duration of %s", e.get("name")).isNotNegative();
          assertThat(args).as("a task still running").doesNotContainKey("unfinished");
        }
      }
    });
  }

  @Test
  @SuppressWarnings("unchecked")
  void nodesAreProcessesAndWorkersAreThreads() {
    List<Map<String, Object>> events = traceEvents();
    List<String> processes = new ArrayList<>();
    List<String> threads = new ArrayList<>();
    for (Map<String, Object> e : events) {
      Map<String, Object> args = (Map<String, Object>) e.get("args");
      if ("process_name".equals(e.get("name"))) {
        processes.add((String) args.get("name"));
      } else if ("thread_name".equals(e.get("name"))) {
        threads.add((String) args.get("name"));
      }
    }
    assertThat(processes).contains("node-0", "node-1");
    assertThat(threads).anyMatch(t -> t.contains("node-0-worker"));
    // Whether a task is forwarded depends on timing; submissions and objects are always there.
    assertThat(events).as("submissions and object creations as instant events")
        .anyMatch(e -> "i".equals(e.get("ph")) && "TASK_SUBMITTED".equals(e.get("cat")))
        .anyMatch(e -> "i".equals(e.get("ph")) && "OBJECT_CREATED".equals(e.get("cat")));
    assertThat(events).filteredOn(e -> "i".equals(e.get("ph")) && "TASK_SCHEDULED".equals(e.get("cat")))
        .as("a placement by the global scheduler says where")
        .allMatch(e -> ((Map<?, ?>) e.get("args")).containsKey("to"));
  }

  @Test
  void stringsAreEscaped() {
    JsonWriter w = new JsonWriter().beginObject().field("k\"ey", "a\\b\n\u0001\"c\"").name("list").beginArray()
        .value(1).value(2.5).value(true).value((String) null).endArray().endObject();
    assertThat(Json.parse(w.toString())).isEqualTo(Json.parse(
        "{\"k\\\"ey\":\"a\\\\b\\n\\u0001\\\"c\\\"\",\"list\":[1,2.5,true,null]}"));
    assertThat(TraceWriter.write(List.of())).isEqualTo("{\"traceEvents\":[],\"displayTimeUnit\":\"ms\"}");
  }
}
