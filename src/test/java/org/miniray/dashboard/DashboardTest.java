package org.miniray.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.miniray.api.Ray;
import org.miniray.config.Keys;
import org.miniray.events.Json;
import org.miniray.events.SmallJob;
import org.miniray.runtime.EmbeddedCluster;
import org.miniray.runtime.MinirayRuntime;
import org.miniray.transport.netty.ClusterToken;

/**
 * The dashboard's HTTP side over real loopback connections (java.net.http): the token gate and
 * every endpoint, against the events and node table of an embedded cluster that ran
 * {@link SmallJob} (the same {@link ClusterView} the head builds, minus the RPC).
 */
@SuppressWarnings("unchecked")
class DashboardTest {
  static final String tokenHex = newTokenText();
  static final ClusterToken TOKEN = ClusterToken.fromHex(tokenHex);
  static Dashboard dashboard;
  static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @BeforeAll
  static void start() throws Exception {
    Ray.init(SmallJob.config());
    SmallJob.run();
    EmbeddedCluster cluster = ((MinirayRuntime) Ray.internal()).cluster();
    dashboard = Dashboard.start("127.0.0.1", 0, TOKEN, ClusterView.of(cluster.gcs(), cluster::events, Duration.ZERO));
  }

  @AfterAll
  static void stop() {
    dashboard.close();
    Ray.shutdown();
  }

  /** A token's text as its file holds it: 64 hex digits. */
  static String newTokenText() {
    byte[] b = new byte[ClusterToken.LENGTH];
    new java.security.SecureRandom().nextBytes(b);
    return java.util.HexFormat.of().formatHex(b);
  }

  static HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(dashboard.url() + path.substring(1)))
        .timeout(Duration.ofSeconds(30));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> api(String path) throws Exception {
    HttpResponse<String> r = get(path, "Authorization", "Bearer " + tokenHex);
    assertThat(r.statusCode()).as("status of %s: %s", path, r.body()).isEqualTo(200);
    return r;
  }

  @Test
  void withoutTheTokenEveryPathIs401AndShowsNothing() throws Exception {
    for (String path : List.of("/", "/index.html", "/dashboard.js", "/api/nodes", "/api/tasks", "/api/graph",
        "/api/timeline", "/no/such/page")) {
      HttpResponse<String> r = get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(401);
      assertThat(r.body()).as(path).doesNotContain("node-1").doesNotContain("square").doesNotContain("fetch(");
      assertThat(r.headers().firstValue("Set-Cookie")).as(path).isEmpty();
    }
    assertThat(get("/").body()).contains("<form").contains("name=\"token\"");
    assertThat(Json.parse(get("/api/nodes").body())).isInstanceOf(Map.class);
  }

  @Test
  void aWrongTokenOrForgedCookieIs401() throws Exception {
    String other = newTokenText();
    assertThat(get("/api/nodes?token=" + other).statusCode()).isEqualTo(401);
    assertThat(get("/api/nodes?token=not-hex").statusCode()).isEqualTo(401);
    assertThat(get("/api/nodes", "Authorization", "Bearer " + other).statusCode()).isEqualTo(401);
    assertThat(get("/api/nodes", "Cookie", Auth.COOKIE + "=" + other).statusCode()).isEqualTo(401);
    assertThat(get("/?token=" + other).body()).contains("not this cluster's token");
  }

  @Test
  void theTokenInTheAddressBecomesAnHttpOnlySessionCookie() throws Exception {
    HttpResponse<String> login = get("/?token=" + tokenHex);
    assertThat(login.statusCode()).isEqualTo(303);
    assertThat(login.headers().firstValue("Location")).contains("/");
    String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).startsWith(Auth.COOKIE + "=").contains("HTTPOnly").contains("SameSite=Strict")
        .doesNotContain(tokenHex);
    String session = cookie.substring(0, cookie.indexOf(';'));
    HttpResponse<String> page = get("/", "Cookie", session);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(page.body()).contains("<script src=\"/dashboard.js\"");
    assertThat(get("/dashboard.js", "Cookie", session).body()).contains("/api/tasks");
    assertThat(get("/api/nodes", "Cookie", session).statusCode()).isEqualTo(200);
  }

  @Test
  void nodesShowResourcesAndQueues() throws Exception {
    List<Map<String, Object>> nodes = (List<Map<String, Object>>) Json.parse(api("/api/nodes").body());
    List<Map<String, Object>> workers = nodes.stream()
        .filter(n -> ((Map<String, Object>) n.get("total")).containsKey("CPU")).toList();
    assertThat(workers).hasSizeGreaterThanOrEqualTo(2);
    for (Map<String, Object> n : workers) {
      assertThat(n.get("alive")).isEqualTo(true);
      assertThat(((Map<String, Object>) n.get("total")).get("CPU")).isEqualTo(2.0);
      assertThat(n).containsKeys("available", "queue", "objects", "storeBytes", "spilledObjects", "spilledBytes");
      assertThat(((Number) n.get("storeCapacityBytes")).longValue()).as("the store's capacity, from its heartbeat")
          .isEqualTo(Keys.OBJECT_STORE_CAPACITY.parse(Keys.OBJECT_STORE_CAPACITY.defaultText(), "default"));
    }
  }

  @Test
  void everyTaskOfTheFinishedJobIsListedOnceWithItsState() throws Exception {
    Map<String, Object> tasks = (Map<String, Object>) Json.parse(api("/api/tasks").body());
    List<Map<String, Object>> finished = (List<Map<String, Object>>) tasks.get("finished");
    Map<String, Long> counts = finished.stream()
        .collect(Collectors.groupingBy(t -> (String) t.get("name"), Collectors.counting()));
    for (String name : SmallJob.NORMAL) {
      assertThat(counts.get(name)).as("rows for task %s", name).isEqualTo(1L);
    }
    for (String name : SmallJob.METHODS) {
      assertThat(counts.get(name)).as("rows for method %s", name).isEqualTo(1L);
    }
    Map<String, Object> f = finished.stream().filter(t -> t.get("name").equals("f")).findFirst().orElseThrow();
    assertThat(f.get("state")).isEqualTo("FAILED");
    assertThat((String) f.get("error")).contains("planned failure");
    Map<String, Object> a = finished.stream().filter(t -> t.get("name").equals("a")).findFirst().orElseThrow();
    assertThat(a.get("state")).isEqualTo("FINISHED");
    assertThat((String) a.get("node")).startsWith("node-");
    assertThat((Double) a.get("millis")).isGreaterThanOrEqualTo(0.0);
    assertThat((List<Object>) tasks.get("running")).isEmpty();
  }

  @Test
  void actorsAndObjectsAreListed() throws Exception {
    List<Map<String, Object>> actors = (List<Map<String, Object>>) Json.parse(api("/api/actors").body());
    assertThat(actors).hasSize(1);
    assertThat(actors.get(0).get("class")).isEqualTo(SmallJob.Acc.class.getName());
    assertThat(actors.get(0).get("state")).isEqualTo("ALIVE");
    assertThat(actors.get(0).get("calls")).isEqualTo(3.0);
    Map<String, Object> objects = (Map<String, Object>) Json.parse(api("/api/objects").body());
    assertThat((List<Object>) objects.get("stores")).hasSizeGreaterThanOrEqualTo(2);
    List<Map<String, Object>> newest = (List<Map<String, Object>>) objects.get("objects");
    assertThat(newest).isNotEmpty();
    assertThat(newest).allSatisfy(o -> assertThat((Double) o.get("bytes")).isPositive());
  }

  @Test
  void theGraphIsServedInEachFormat() throws Exception {
    HttpResponse<String> svg = api("/api/graph");
    assertThat(svg.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("image/svg+xml"));
    assertThat(svg.body()).contains("<svg").contains(">c<");
    Map<String, Object> json = (Map<String, Object>) Json.parse(api("/api/graph?format=json").body());
    assertThat(json).containsKeys("tasks", "edges");
    assertThat(api("/api/graph?format=dot").body()).startsWith("digraph");
    Map<String, Object> jobs = (Map<String, Object>) Json.parse(api("/api/jobs").body());
    assertThat(jobs.get("latest")).as("the newest job that ran a task, as Ray writes job 1").isEqualTo("01000000");
    assertThat(api("/api/graph?format=json&job=" + jobs.get("latest")).body())
        .isEqualTo(api("/api/graph?format=json").body())
        .isEqualTo(api("/api/graph?format=json&job=1").body());
    Map<String, Object> trace = (Map<String, Object>) Json.parse(api("/api/timeline").body());
    assertThat((List<Object>) trace.get("traceEvents")).isNotEmpty();
  }

  @Test
  void theJobsViewShowsTheJobTableWithTasksActorsAndAGraphLink() throws Exception {
    int tasks = SmallJob.NORMAL.size();
    // Task rows reach their last status a moment after the results the job waited for.
    Map<String, Object> job = Awaitility.await().atMost(Duration.ofSeconds(10)).until(this::onlyJob, j -> {
      Map<String, Double> byStatus = (Map<String, Double>) j.get("tasks");
      return byStatus.values().stream().mapToDouble(Double::doubleValue).sum() == tasks
          && byStatus.keySet().stream().allMatch(st -> st.equals("FINISHED") || st.equals("FAILED"));
    });
    assertThat(job).containsEntry("id", "01000000").containsEntry("number", 1.0).containsEntry("state", "RUNNING")
        .containsEntry("driver", "node-0").containsEntry("pid", (double) ProcessHandle.current().pid())
        .doesNotContainKey("endMillis").containsEntry("actorCalls", (double) SmallJob.METHODS.size());
    assertThat((Double) job.get("durationMillis")).as("how long the job has run").isNotNegative();
    assertThat(((Map<String, Double>) job.get("tasks")).get("FAILED")).as("f, and g whose input f was").isPositive();
    List<Map<String, Object>> actors = (List<Map<String, Object>>) job.get("actors");
    assertThat(actors).singleElement().satisfies(a -> {
      assertThat(a.get("class")).isEqualTo(SmallJob.Acc.class.getName());
      assertThat(a.get("state")).isEqualTo("ALIVE");
    });
    assertThat(job.get("graph")).isEqualTo("/api/graph?format=svg&job=01000000");
    assertThat(api((String) job.get("graph")).body()).as("the job's graph, from its link").contains("<svg").contains(">c<");
    String cookie = get("/?token=" + tokenHex).headers().firstValue("Set-Cookie").orElseThrow();
    String session = cookie.substring(0, cookie.indexOf(';'));
    assertThat(get("/", "Cookie", session).body()).as("the page").contains("id=\"jobs-rows\"");
    assertThat(get("/dashboard.js", "Cookie", session).body()).as("the page's script").contains("/api/jobs")
        .contains("pickedJob = j.id");
  }

  private Map<String, Object> onlyJob() throws Exception {
    List<Map<String, Object>> jobs = (List<Map<String, Object>>) ((Map<String, Object>) Json.parse(
        api("/api/jobs").body())).get("jobs");
    assertThat(jobs).as("the jobs of a cluster that ran one driver").hasSize(1);
    return jobs.get(0);
  }

  @Test
  void badRequestsSayWhatWasWrong() throws Exception {
    HttpResponse<String> format = get("/api/graph?format=png", "Authorization", "Bearer " + tokenHex);
    assertThat(format.statusCode()).isEqualTo(400);
    assertThat(format.body()).contains("png");
    HttpResponse<String> job = get("/api/graph?job=latest", "Authorization", "Bearer " + tokenHex);
    assertThat(job.statusCode()).isEqualTo(400);
    assertThat(job.body()).contains("'latest' is not a job id");
    HttpResponse<String> missing = get("/api/nope", "Authorization", "Bearer " + tokenHex);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains("/api/tasks");
    HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(dashboard.url() + "api/nodes"))
        .header("Authorization", "Bearer " + tokenHex).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
  }

  @Test
  void aTakenPortIsAClearError() {
    int taken = dashboard.address().getPort();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Dashboard.start("127.0.0.1", taken, TOKEN, ClusterView.of(null, List::of, Duration.ZERO)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("127.0.0.1:" + taken);
  }
}
