package org.miniray.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.ExtendWith;
import org.miniray.actor.ActorCheckpoint;
import org.miniray.actor.GcsCheckpointStore;
import org.miniray.api.ObjectRef;
import org.miniray.api.Ray;
import org.miniray.api.exception.RayException;
import org.miniray.config.Keys;
import org.miniray.examples.FaultDemo;
import org.miniray.gcs.ActorEntry;
import org.miniray.gcs.ActorState;
import org.miniray.gcs.Gcs;
import org.miniray.gcs.NodeEntry;
import org.miniray.gcs.TaskEntry;
import org.miniray.id.NodeId;
import org.miniray.runtime.MinirayRuntime;
import org.miniray.runtime.ObjectRefImpl;
import org.miniray.task.ResourceSet;

/**
 * The paper's fault-tolerance promise on real processes (sections 4.2.3 and 5.1): a head with no
 * CPUs and two node JVMs, started with the command line; this JVM runs {@link FaultDemo}'s job
 * and kills, with SIGKILL, the node its checkpointed actor lives on while the job runs. The job
 * gives the failure-free answer, lost tasks ran again, and the actor came back elsewhere from
 * its checkpoint with the calls after it replayed and none run twice.
 */
@ExtendWith(ProcessLogsOnFailure.class)
class FaultToleranceProcessesTest {
  @TempDir
  static Path home;
  static String head;

  @BeforeAll
  static void start() throws Exception {
    // No CPUs on the head: the job and the actor run on the two nodes, so killing one spares the GCS.
    // Results stay on the node that made them (no push to their owner, which `miniray start`
    // passes on to the processes it starts): the kill then loses finished-but-unread results as
    // well as running tasks, so lost work must run again however the kill is timed.
    String push = Keys.OBJECT_PUSH_MAX_BYTES.name();
    System.setProperty(push, "0");
    try {
      assertThat(cli("start", "--head", "--port", "0", "--num-cpus", "0")).as("start the head; %s", logs()).isZero();
      head = CliAt.headAddress(home);
      assertThat(cli("start", "--address", head, "--num-cpus", "2")).as("start a node; %s", logs()).isZero();
      assertThat(cli("start", "--address", head, "--num-cpus", "2")).as("start a node; %s", logs()).isZero();
    } finally {
      System.clearProperty(push);
    }
    Ray.init(CliAt.driverConfig(home));
  }

  @AfterAll
  static void stop() {
    Ray.shutdown();
    assertThat(cli("stop")).isZero();
  }

  private static int cli(String... args) {
    return CliAt.run(home, args);
  }

  /** The processes' logs, for a failure message (the temporary directory goes with the test). */
  private static String logs() {
    StringBuilder b = new StringBuilder("logs:");
    try (var files = Files.list(home.resolve("logs"))) {
      for (Path f : files.sorted().toList()) {
        b.append("\n--- ").append(f.getFileName()).append('\n').append(Files.readString(f));
      }
    } catch (java.io.IOException e) {
      b.append(" none (").append(e).append(')');
    }
    return b.toString();
  }

  private static Gcs gcs() {
    return ((MinirayRuntime) Ray.internal()).deployment().gcs();
  }

  private static NodeEntry nodeOfActor(ActorEntry actor) {
    return gcs().nodeTable().all().join().stream().filter(n -> n.info().id().equals(actor.node())).findFirst()
        .orElseThrow();
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void jobSurvivesKillNineOfTheActorsNode() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    CompletableFuture<FaultDemo.Result> job = CompletableFuture.supplyAsync(() -> FaultDemo.run("ledger", 40, 500, 3, out));

    // The ledger actor is the job's first act; find it, its node and that node's process.
    ActorEntry ledger = Awaitility.await("the ledger actor is alive").atMost(Duration.ofSeconds(60))
        .until(() -> gcs().actorTable().lookupByName(Ray.getRuntimeContext().getNamespace() + "/ledger").join(),
            e -> e.isPresent() && e.get().state() == ActorState.ALIVE).orElseThrow();
    NodeId victim = ledger.node();
    assertThat(victim.value()).as("the ledger's node (the head has no CPU)").startsWith("node@");
    long pid = Awaitility.await("the demo printed the ledger's pid").atMost(Duration.ofSeconds(60))
        .until(() -> pidPrinted(printed), Optional::isPresent).orElseThrow();
    GcsCheckpointStore checkpoints = new GcsCheckpointStore(gcs().checkpointTable());

    // Kill it mid-job: tasks of the job queued or running there (its CPUs all busy, one held by
    // the actor), a checkpoint published, and a call logged after the checkpoint (to be replayed).
    AtomicReference<String> seen = new AtomicReference<>("nothing yet");
    try {
      Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> {
        NodeEntry n = nodeOfActor(ledger);
        boolean busy = n.load() != null
            && (n.load().queueLength() > 0 || n.load().available().get(ResourceSet.CPU) < 1e-9);
        Optional<ActorCheckpoint> cp = checkpoints.latestCheckpoint(ledger.creationSpec().jobId(), ledger.id()).join();
        boolean callAfter = cp.isPresent() && checkpoints.loggedCall(ledger.creationSpec().jobId(), ledger.id(),
            cp.get().callsCovered()).join().isPresent();
        seen.set("load " + n.load() + ", checkpoint covering " + cp.map(ActorCheckpoint::callsCovered)
            + " calls, a call after it: " + callAfter + ", job done: " + job.isDone());
        return busy && callAfter;
      });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("no moment with tasks on the ledger's node, a checkpoint and a call after it; last"
          + " seen: " + seen.get() + "; the demo printed:\n" + printed, e);
    }
    assertThat(job).as("the job is still running when its node is killed").isNotDone();
    ProcessHandle victimProcess = ProcessHandle.of(pid).orElseThrow();
    victimProcess.destroyForcibly(); // SIGKILL
    victimProcess.onExit().get(30, TimeUnit.SECONDS);

    FaultDemo.Result r = job.get(90, TimeUnit.SECONDS);
    assertThat(r.problems()).as("what differs from the failure-free run; the demo printed:%n%s", printed).isEmpty();
    assertThat(r.total()).isEqualTo(r.expectedTotal());
    assertThat(r.before().pid()).isEqualTo(pid);
    assertThat(r.after().pid()).as("the ledger's process after the restart").isNotEqualTo(pid);
    assertThat(r.after().restoredEntries()).as("entries the restarted ledger loaded from its checkpoint")
        .isPositive();
    assertThat(r.after().recordsRunHere()).as("record calls the new ledger ran: those after the checkpoint, once each")
        .isEqualTo(r.tasks() - r.after().restoredEntries());

    ActorEntry restarted = gcs().actorTable().lookup(ledger.id()).join().orElseThrow();
    assertThat(restarted.restarts()).isEqualTo(1);
    assertThat(restarted.node()).isNotEqualTo(victim);
    assertThat(gcs().nodeTable().all().join()).filteredOn(n -> n.info().id().equals(victim))
        .singleElement().matches(n -> !n.alive(), "marked dead");

    List<ObjectRef<Long>> all = new ArrayList<>(r.squares());
    all.addAll(r.sums());
    int placedAgain = 0;
    for (ObjectRef<Long> ref : all) {
      TaskEntry t = gcs().taskTable().lookup(((ObjectRefImpl<?>) ref).id().task()).join().orElseThrow();
      if (t.attempt() > 1) {
        placedAgain++;
        assertThat(t.node()).as("where %s ran again", t.spec().name()).isNotEqualTo(victim);
      }
    }
    assertThat(placedAgain).as("tasks of the job that ran again after the kill").isPositive();
  }

  /** Each attempt leaves a file in {@code dir}; the first {@code deaths} attempts kill their worker. */
  public static int diesFirst(String dir, int deaths) throws java.io.IOException {
    int attempt;
    try (var files = Files.list(Path.of(dir))) {
      attempt = (int) files.count() + 1;
    }
    Files.createFile(Path.of(dir, "attempt-" + attempt));
    if (attempt <= deaths) {
      throw new Error("attempt " + attempt + " lost its worker");
    }
    return attempt;
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void workerCrashIsRetriedWithinTheBudgetTheTaskTableKeeps() throws Exception {
    Path twice = Files.createDirectory(home.resolve("twice"));
    ObjectRef<Integer> survives = Ray.task(FaultToleranceProcessesTest::diesFirst, twice.toString(), 2)
        .setMaxRetries(2).remote();
    assertThat(survives.get(60_000)).as("the attempt that succeeded, after two crashed (2 retries)").isEqualTo(3);

    Path thrice = Files.createDirectory(home.resolve("thrice"));
    ObjectRef<Integer> doomed = Ray.task(FaultToleranceProcessesTest::diesFirst, thrice.toString(), 3)
        .setMaxRetries(2).remote();
    assertThatThrownBy(() -> doomed.get(60_000)).as("a task whose three attempts crashed, with 2 retries")
        .isInstanceOf(RayException.class).hasMessageContaining("retries are spent");
    try (var files = Files.list(thrice)) {
      assertThat(files.count()).as("attempts of the doomed task").isEqualTo(3);
    }
  }

  static Optional<Long> pidPrinted(ByteArrayOutputStream printed) {
    String text = printed.toString(StandardCharsets.UTF_8);
    int at = text.indexOf("kill -9 ");
    if (at < 0) {
      return Optional.empty();
    }
    String rest = text.substring(at + "kill -9 ".length()).trim();
    int end = 0;
    while (end < rest.length() && Character.isDigit(rest.charAt(end))) {
      end++;
    }
    return end == 0 ? Optional.empty() : Optional.of(Long.parseLong(rest.substring(0, end)));
  }
}
