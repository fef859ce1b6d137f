package org.miniray.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.miniray.api.Ray;
import org.miniray.events.Json;
import org.miniray.events.SmallJob;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Issue 8 on a real cluster of processes (a head and a node, each its own JVM, on loopback; this
 * JVM is the driver), started and inspected with the command line as a user would: after
 * {@link SmallJob} ran, {@code miniray timeline} and {@code miniray graph} see every process and
 * every task, the head's dashboard answers its API to the token only, and headless Chromium
 * shows the page (skipped, saying why, where no Chromium and chromedriver are installed).
 */
@SuppressWarnings("unchecked")
class SeeingTheClusterTest {
  @TempDir
  static Path home;
  static String head;
  static String dashboard;
  static String token;
  static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @BeforeAll
  static void start() throws Exception {
    // On a loaded 2-core machine a node can miss heartbeats for seconds; this test is not about that.
    // A head without CPUs passes the driver's tasks on to the global scheduler, so that it too has a row.
    String out = cli(0, "start", "--head", "--port", "0", "--num-cpus", "0", "--dashboard-port", "0",
        "--heartbeat-timeout-ms", "60000");
    head = Files.readString(home.resolve("head.address")).trim();
    Matcher m = Pattern.compile("Dashboard: +(http://127\\.0\\.0\\.1:\\d+/)").matcher(out);
    assertThat(m.find()).as("the head's start prints its dashboard: %s", out).isTrue();
    dashboard = m.group(1);
    token = Files.readString(home.resolve("cluster.token")).strip();
    cli(0, "start", "--address", head, "--num-cpus", "2");
    Ray.init(Map.of("miniray.address", head, "miniray.cluster.token.file", home.resolve("cluster.token").toString()));
    SmallJob.run();
  }

  @AfterAll
  static void stop() {
    Ray.shutdown();
    cli(0, "stop");
  }

  /** Runs {@code miniray --home HOME args...}, checks its exit code, and returns what it printed. */
  static String cli(int expectedExit, String... args) {
    return CliAt.printed(home, expectedExit, args);
  }

  @Test
  void timelineHasARowPerProcessAndEveryTaskRunOnce() throws Exception {
    Path file = home.resolve("trace.json");
    assertThat(cli(0, "timeline", "-o", file.toString())).contains("Wrote ").contains("ui.perfetto.dev");
    List<Map<String, Object>> events =
        (List<Map<String, Object>>) ((Map<String, Object>) Json.parse(Files.readString(file))).get("traceEvents");
    List<String> processes = events.stream().filter(e -> "process_name".equals(e.get("name")))
        .map(e -> (String) ((Map<String, Object>) e.get("args")).get("name")).toList();
    assertThat(processes).anyMatch(p -> p.startsWith("head@")).anyMatch(p -> p.startsWith("node@"))
        .anyMatch(p -> p.startsWith("driver@")).contains("global-scheduler");
    Map<String, Long> runs = events.stream().filter(e -> "X".equals(e.get("ph")))
        .collect(Collectors.groupingBy(e -> (String) e.get("name"), Collectors.counting()));
    List<String> all = new ArrayList<>(SmallJob.NORMAL);
    all.addAll(SmallJob.METHODS);
    for (String name : all) {
      assertThat(runs.get(name)).as("runs of %s in the timeline", name).isEqualTo(1L);
    }
    // Tasks ran on the worker processes, not only the driver's.
    assertThat(events.stream().filter(e -> "X".equals(e.get("ph")))
        .map(e -> (String) ((Map<String, Object>) e.get("args")).get("node"))
        .filter(n -> n.startsWith("node@") || n.startsWith("head@")).count()).isEqualTo(runs.values().stream()
        .mapToLong(Long::longValue).sum());
  }

  @Test
  void graphIsWrittenInEachFormatWithEveryTaskOnce() throws Exception {
    Path json = home.resolve("graph.json");
    assertThat(cli(0, "graph", "-o", json.toString())).contains("Wrote the graph of job 01000000");
    assertThat(cli(0, "graph", "--job", "1", "-o", json.toString())).as("the job by its number")
        .contains("Wrote the graph of job 01000000");
    Map<String, Object> g = (Map<String, Object>) Json.parse(Files.readString(json));
    Map<String, Long> names = ((List<Map<String, Object>>) g.get("tasks")).stream()
        .collect(Collectors.groupingBy(t -> (String) t.get("name"), Collectors.counting()));
    for (String name : SmallJob.NORMAL) {
      assertThat(names.get(name)).as("vertices named %s", name).isEqualTo(1L);
    }
    assertThat((List<Object>) g.get("edges")).isNotEmpty();
    Path dot = home.resolve("graph.dot");
    cli(0, "graph", "-o", dot.toString());
    assertThat(Files.readString(dot)).startsWith("digraph");
    Path svg = home.resolve("graph.svg");
    cli(0, "graph", "-o", svg.toString());
    assertThat(Files.readString(svg)).contains("<svg");
  }

  @Test
  void jobsListsTheRunningDriversJobWithItsTasksAndActor() {
    // The last status updates of the job's tasks may reach the head a moment after its results.
    String jobs = Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .until(() -> cli(0, "jobs"), out -> out.contains("6 finished, 2 failed"));
    assertThat(jobs).contains("Cluster at " + head + ": 1 job, 1 running");
    String row = jobs.lines().filter(l -> l.startsWith("01000000 ")).findFirst().orElseThrow(
        () -> new AssertionError("no row of job 01000000 in: " + jobs));
    assertThat(row).contains("RUNNING").contains("driver@").contains("(" + ProcessHandle.current().pid() + ")")
        .contains("running (").contains("3 actor calls");
    assertThat(jobs).contains("actor ").contains(SmallJob.Acc.class.getName() + " \"acc\": ALIVE on ");
  }

  @Test
  void badCommandLinesSayWhatWasWrong() {
    assertThat(cli(2, "graph", "-o", home.resolve("graph.png").toString())).contains(".svg, .dot or .json");
    assertThat(cli(1, "graph", "--job", "999", "-o", home.resolve("g.svg").toString()))
        .contains("has no job e7030000 (number 999); its jobs: 01000000 (miniray jobs lists them)");
    assertThat(cli(2, "graph", "--job", "nonsense", "-o", home.resolve("g.svg").toString()))
        .contains("miniray graph: 'nonsense' is not a job id: give the job's number (1) or its id as miniray jobs "
            + "shows it (01000000)").doesNotContain("\tat ");
    assertThat(cli(2, "timeline", "--address", "nowhere")).contains("'nowhere' is not HOST:PORT");
  }

  @Test
  void theHeadsDashboardServesItsApiToTheTokenOnly() throws Exception {
    HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(dashboard + "api/tasks")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.body()).doesNotContain("square");
    HttpResponse<String> tasks = http.send(HttpRequest.newBuilder(URI.create(dashboard + "api/tasks"))
        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(tasks.statusCode()).isEqualTo(200);
    List<Map<String, Object>> finished =
        (List<Map<String, Object>>) ((Map<String, Object>) Json.parse(tasks.body())).get("finished");
    assertThat(finished.stream().map(t -> (String) t.get("name")).toList()).containsAll(SmallJob.NORMAL);
    assertThat(finished).filteredOn(t -> t.get("name").equals("a"))
        .allSatisfy(t -> assertThat((String) t.get("node")).matches("(head|node)@.*"));
    HttpResponse<String> nodes = http.send(HttpRequest.newBuilder(URI.create(dashboard + "api/nodes?token=" + token))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(((List<Map<String, Object>>) Json.parse(nodes.body())).stream().map(n -> (String) n.get("id")))
        .anyMatch(n -> n.startsWith("head@")).anyMatch(n -> n.startsWith("node@"));
  }

  // --- a real browser -----------------------------------------------------------------------

  /** An executable named one of {@code names} on the PATH. */
  static Optional<File> onPath(String... names) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String n : names) {
        File f = new File(dir, n);
        if (f.isFile() && f.canExecute()) {
          return Optional.of(f);
        }
      }
    }
    return Optional.empty();
  }

  @Test
  void headlessChromiumShowsTheNodesAndTheFinishedJob() throws Exception {
    Optional<File> browser = onPath("chromium", "chromium-browser", "google-chrome");
    Optional<File> driverBinary = onPath("chromedriver");
    Assumptions.assumeTrue(browser.isPresent() && driverBinary.isPresent(),
        "SKIPPED the dashboard's browser test: no " + (browser.isEmpty() ? "chromium" : "chromedriver")
            + " on the PATH (Debian: apt-get install chromium chromium-driver; .ci/run does this)");
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driverBinary.get())
        .usingAnyFreePort().build();
    ChromeOptions options = new ChromeOptions().setBinary(browser.get())
        .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
            "--window-size=1400,2600");
    WebDriver driver = new ChromeDriver(service, options);
    try {
      driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
      driver.get(dashboard + "?token=" + token);
      assertThat(driver.getCurrentUrl()).as("the token leaves the address bar").doesNotContain(token);
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
          texts(driver, "#finished-rows tr td:first-child").containsAll(SmallJob.NORMAL));
      assertThat(texts(driver, "#nodes-rows tr td:first-child"))
          .anyMatch(n -> n.startsWith("head@")).anyMatch(n -> n.startsWith("node@"));
      assertThat(texts(driver, "#actors-rows tr td:nth-child(2)")).contains(SmallJob.Acc.class.getName());
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> ((Number) ((JavascriptExecutor) driver)
          .executeScript("return document.getElementById('graph-image').naturalWidth")).intValue() > 0);
      Path shot = Path.of("target", "dashboard.png");
      Files.createDirectories(shot.getParent());
      Files.copy(((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), shot,
          StandardCopyOption.REPLACE_EXISTING);
      assertThat(Files.size(shot)).isPositive();

      // A second browser without the token sees the form and nothing of the cluster.
      driver.manage().deleteAllCookies();
      driver.get(dashboard);
      assertThat(driver.getPageSource()).contains("name=\"token\"").doesNotContain("head@");
    } finally {
      driver.quit();
    }
  }

  /** The texts of the elements {@code css} selects, read in one go (the page redraws its tables every poll). */
  private static List<String> texts(WebDriver driver, String css) {
    return (List<String>) ((JavascriptExecutor) driver).executeScript(
        "return Array.from(document.querySelectorAll(arguments[0]), e => e.textContent)", css);
  }
}
