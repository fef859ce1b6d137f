package org.miniray.fault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.miniray.actor.ActorCheckpoint;
import org.miniray.actor.GcsCheckpointStore;
import org.miniray.api.ActorHandle;
import org.miniray.api.ObjectRef;
import org.miniray.api.Ray;
import org.miniray.events.Event;
import org.miniray.gcs.ActorState;
import org.miniray.id.ActorId;
import org.miniray.id.JobId;
import org.miniray.id.NodeId;
import org.miniray.runtime.ActorHandleImpl;
import org.miniray.runtime.EmbeddedCluster;
import org.miniray.task.ResourceSet;

/**
 * The figures of the lab 3 and lab 4 decks, from real runs: two small jobs, each with a node
 * killed under it, drawn by {@code Ray.graph("svg")} (tasks that ran more than once have a double
 * outline and their run count). Prints what ran again. Run by {@code make slides-figures}:
 * <pre>
 *   java -cp target/classes:target/test-classes:$(cat target/test-classpath.txt) \
 *     org.miniray.fault.RecoveryGraphs slides/figures
 * </pre>
 */
public final class RecoveryGraphs {
  private RecoveryGraphs() {}

  public static int input(int x) {
    return x * x;
  }

  public static int combine(int a, int b) {
    return a + b;
  }

  public static int summarize(int c, int a) {
    return c * 10 + a;
  }

  public static int check(int a) {
    return a > 0 ? 1 : 0;
  }

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "target");
    Files.createDirectories(out);
    lineage(out.resolve("lab3-lineage.svg"));
    actor(out.resolve("lab4-actor-restart.svg"));
  }

  private static final Map<String, String> EVENTS_ON = Map.of("miniray.events.enabled", "true",
      "miniray.scheduler.policy", "least-loaded");

  /** Lab 3: node-2 dies holding b, c and d; a get of d rebuilds d, c and b, not a (its copy on node-1 lives). */
  static void lineage(Path svg) throws IOException {
    EmbeddedCluster cluster = FaultClusters.start(3, Map.of(0, "CPU=1", 1, "CPU=2,one=1", 2, "CPU=2,two=1"),
        EVENTS_ON);
    try {
      ObjectRef<Integer> a = Ray.task(RecoveryGraphs::input, 3).setResource("one", 1.0).remote();
      ObjectRef<Integer> b = Ray.task(RecoveryGraphs::input, 4).setResource("two", 1.0).remote();
      ObjectRef<Integer> c = Ray.task(RecoveryGraphs::combine, a, b).setResource("two", 1.0).remote();
      ObjectRef<Integer> d = Ray.task(RecoveryGraphs::summarize, c, a).setResource("two", 1.0).remote();
      ObjectRef<Integer> e = Ray.task(RecoveryGraphs::check, a).setResource("one", 1.0).remote();
      NodeId two = FaultClusters.awaitLocation(d);
      FaultClusters.awaitLocation(e);
      cluster.faults().kill(two);
      FaultClusters.awaitDeath(two);
      cluster.addNode(ResourceSet.parse("CPU=2,two=1"));
      System.out.printf("lab 3: d = %d after %s died (failure-free: %d), e = %d%n", Ray.get(d, 30_000), two,
          summarize(combine(input(3), input(4)), input(3)), Ray.get(e, 30_000));
      report(cluster);
      Files.writeString(svg, Ray.graph("svg"), StandardCharsets.UTF_8);
      System.out.println("wrote " + svg);
    } finally {
      Ray.shutdown();
    }
  }

  /** Lab 4: a Tally checkpointed every 2 calls; its node dies after 5 calls; call 5 replays, then call 6 runs. */
  static void actor(Path svg) throws IOException {
    EmbeddedCluster cluster = FaultClusters.start(3, Map.of(0, "CPU=2", 1, "CPU=2,a=1", 2, "CPU=2,a=1"), EVENTS_ON);
    try {
      ActorHandle<Tally> t = Ray.actor(Tally::new, "figure", 2).setResource("a", 1.0).setMaxRestarts(1).remote();
      ActorId id = ((ActorHandleImpl<?>) t).id();
      for (int i = 1; i <= 5; i++) {
        t.task(Tally::add, i).remote().get(30_000);
      }
      Awaitility.await("the checkpoint after call 4").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
          .until(() -> new GcsCheckpointStore(cluster.gcs().checkpointTable()).latestCheckpoint(new JobId(1), id).join()
              .map(ActorCheckpoint::callsCovered).orElse(0L) == 4L);
      NodeId home = cluster.gcs().actorTable().lookup(id).join().orElseThrow().node();
      cluster.faults().kill(home);
      int sixth = t.task(Tally::add, 6).remote().get(30_000);
      NodeId now = Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
          .until(() -> cluster.gcs().actorTable().lookup(id).join().orElseThrow(),
              x -> x.state() == ActorState.ALIVE).node();
      report(cluster);
      Files.writeString(svg, Ray.graph("svg"), StandardCharsets.UTF_8);
      System.out.printf("lab 4: call 6 returned %d after %s died; the actor now lives on %s; its history %s%n", sixth,
          home, now, t.task(Tally::history).remote().get(30_000));
      System.out.println("wrote " + svg);
    } finally {
      Ray.shutdown();
    }
  }

  private static void report(EmbeddedCluster cluster) {
    for (Event ev : cluster.events()) {
      switch (ev.kind()) {
        case TASK_RECONSTRUCTED, TASK_RETRIED, ACTOR_RESTARTED, ACTOR_CHECKPOINTED, NODE_DIED ->
            System.out.println("  " + ev.node() + ": " + ev.kind() + " " + (ev.spec() == null ? "" : ev.spec().name() + " ")
                + ev.detail());
        default -> { }
      }
    }
  }
}
