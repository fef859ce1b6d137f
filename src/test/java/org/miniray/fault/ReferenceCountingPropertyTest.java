package org.miniray.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.integers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.miniray.api.ObjectRef;
import org.miniray.api.Ray;
import org.miniray.id.NodeId;
import org.miniray.id.ObjectId;
import org.miniray.node.Node;
import org.miniray.refcount.OwnerReferenceCounter;
import org.miniray.runtime.EmbeddedCluster;
import org.miniray.runtime.MinirayRuntime;
import org.miniray.runtime.ObjectRefImpl;
import org.quicktheories.core.Gen;

/**
 * Issue 14's property of reference counting: random programs put objects, make them by tasks on
 * other nodes, pass them as arguments, nest refs in lists (put, or returned by a task on another
 * node that read them back: a borrower), drop refs and kill nodes. No object a live ref reaches
 * is ever lost: every {@code get} succeeds with the right value, rebuilt by lineage if its node
 * died. Every object no ref reaches is freed (every copy, its object-table entry) within {@link
 * #FREED_WITHIN} of the garbage collector running: checked mid-program for objects that nothing
 * ever used, and at the end, once all refs are dropped, the counter holds nothing and no copy of
 * anything is left on a live node, nor any location in the object table.
 */
class ReferenceCountingPropertyTest {
  static final Duration FREED_WITHIN = Duration.ofSeconds(30);
  /** Long enough that no live node is declared dead on a loaded machine; kills are declared at once. */
  static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(10);
  /**
   * A small share of a remote node's "a": a borrower blocked in {@code get} lends its CPU, not its
   * custom resources, so with a whole "a" it could keep the last remote node from rebuilding the
   * very object it waits for.
   */
  private static final double A = 0.01;
  /** Node kills per program, at most: one by default ({@code -Drefcount.kills=0} runs without). */
  private static final int MAX_KILLS = Integer.getInteger("refcount.kills", 1);

  enum Op { PUT, MAKE, DERIVE, NEST, BORROW, DROP, GET, KILL }

  /** One step: its operation and the numbers it draws (which live refs, sizes, fills). */
  record Step(Op op, int a, int b, int size) {
    @Override
    public String toString() {
      return op + "(" + a + "," + b + "," + size + ")";
    }
  }

  record Program(int seed, List<Step> steps) {
    @Override
    public String toString() {
      return "seed=" + seed + " " + steps;
    }
  }

  static final Gen<Program> PROGRAMS = in -> {
    int n = integers().between(5, 40).generate(in);
    List<Step> steps = new ArrayList<>();
    int kills = 0;
    for (int i = 0; i < n; i++) {
      Op op = Op.values()[integers().between(0, Op.values().length - 1).generate(in)];
      if (op == Op.KILL && kills++ >= MAX_KILLS) {
        op = Op.GET; // some remote nodes are left to rebuild on
      }
      steps.add(new Step(op, integers().between(0, 1000).generate(in), integers().between(0, 1000).generate(in),
          integers().between(1, 3) .generate(in) == 1 ? 200_000 : integers().between(1, 5000).generate(in)));
    }
    return new Program(integers().all().generate(in), steps);
  };

  // --- the tasks -----------------------------------------------------------------------------

  static byte[] make(int size, int fill) {
    byte[] b = new byte[size];
    Arrays.fill(b, (byte) fill);
    return b;
  }

  static byte[] derive(byte[] from, int fill) {
    return make(from.length, fill);
  }

  /** A borrower: reads every nested ref, then returns them nested in its own result. */
  static List<ObjectRef<byte[]>> borrow(List<ObjectRef<byte[]>> refs) {
    for (ObjectRef<byte[]> r : refs) {
      Ray.get(r);
    }
    return new ArrayList<>(refs);
  }

  // --- the model -----------------------------------------------------------------------------

  /** A live ref of the program and what it must read: a byte[] (size, fill) or a list of leaves. */
  private record Held(ObjectRef<?> ref, int size, int fill, List<Held> nested) {
    ObjectId id() {
      return ((ObjectRefImpl<?>) ref).id();
    }
  }

  @SuppressWarnings("unchecked")
  private static void check(Held h) {
    if (h.nested() == null) {
      byte[] b = (byte[]) h.ref().get(60_000);
      assertThat(b).as("value of %s", h.id()).hasSize(h.size());
      if (b.length > 0) {
        assertThat(b[0]).as("first byte of %s", h.id()).isEqualTo((byte) h.fill());
        assertThat(b[b.length - 1]).as("last byte of %s", h.id()).isEqualTo((byte) h.fill());
      }
      return;
    }
    List<ObjectRef<byte[]>> refs = (List<ObjectRef<byte[]>>) h.ref().get(60_000);
    assertThat(refs).as("refs nested in %s", h.id()).hasSize(h.nested().size());
    for (int i = 0; i < refs.size(); i++) {
      Held leaf = h.nested().get(i);
      check(new Held(refs.get(i), leaf.size(), leaf.fill(), null));
    }
  }

  private static Held leafAt(List<Held> live, int i) {
    List<Held> leaves = live.stream().filter(h -> h.nested() == null).toList();
    return leaves.isEmpty() ? null : leaves.get(i % leaves.size());
  }

  /**
   * Runs {@code p}: no object a live ref reaches may be lost, ever, and what must be freed is
   * freed, in programs with a kill too. A killed node is declared dead at once, as the node monitor
   * would after its timeout; the timeout itself is long ({@link #HEARTBEAT_TIMEOUT}). With the
   * fault tests' 400 ms, a loaded machine (make test beside another build) had live nodes, the
   * driver's own among them, declared dead: the driver's job then failed and ended under the
   * program, fenced nodes kept their copies out of every release, and a pending result's recovery
   * died with the driver's node. That, not counting, left behind what seeds 34605125153518 and
   * 37247676401202 found; replayed 400 times under load with one CPU, every failure came with
   * such a false death.
   */
  static void run(Program p) {
    EmbeddedCluster cluster = FaultClusters.start(4, Map.of(0, "CPU=2", 1, "CPU=2,a=1", 2, "CPU=2,a=1", 3,
        "CPU=2,a=1"), Map.of("miniray.seed", Integer.toString(p.seed()), "miniray.heartbeat.timeout.ms",
        Long.toString(HEARTBEAT_TIMEOUT.toMillis())));
    MinirayRuntime runtime = (MinirayRuntime) Ray.internal();
    try {
      List<Held> live = new ArrayList<>();
      Set<ObjectId> made = new HashSet<>();
      Set<ObjectId> usedSomewhere = new HashSet<>(); // an argument, nested, or borrowed: held by more than refs
      List<ObjectId> droppedUnused = new ArrayList<>();
      Set<NodeId> killed = new HashSet<>();
      for (Step s : p.steps()) {
        Held leaf = leafAt(live, s.a());
        Held other = leafAt(live, s.b());
        switch (s.op()) {
          case PUT -> live.add(new Held(Ray.put(make(s.size(), s.b())), s.size(), (byte) s.b(), null));
          case MAKE -> live.add(new Held(Ray.task(ReferenceCountingPropertyTest::make, s.size(), s.b())
              .setResource("a", A).remote(), s.size(), (byte) s.b(), null));
          case DERIVE -> {
            if (leaf != null) {
              usedSomewhere.add(leaf.id());
              live.add(new Held(Ray.task(ReferenceCountingPropertyTest::derive, (ObjectRef<byte[]>) leaf.ref(), s.b())
                  .setResource("a", A).remote(), leaf.size(), (byte) s.b(), null));
            }
          }
          case NEST, BORROW -> {
            if (leaf != null && other != null) {
              usedSomewhere.add(leaf.id());
              usedSomewhere.add(other.id());
              @SuppressWarnings("unchecked")
              List<ObjectRef<byte[]>> refs = List.of((ObjectRef<byte[]>) leaf.ref(), (ObjectRef<byte[]>) other.ref());
              ObjectRef<?> outer = s.op() == Op.NEST ? Ray.put(refs)
                  : Ray.task(ReferenceCountingPropertyTest::borrow, refs).setResource("a", A).remote();
              live.add(new Held(outer, 0, 0, List.of(leaf, other)));
            }
          }
          case DROP -> {
            if (!live.isEmpty()) {
              Held h = live.remove(s.a() % live.size());
              if (!usedSomewhere.contains(h.id()) && live.stream().noneMatch(l -> l.id().equals(h.id()))) {
                droppedUnused.add(h.id());
              }
            }
          }
          case GET -> {
            if (!live.isEmpty()) {
              check(live.get(s.a() % live.size()));
            }
          }
          case KILL -> {
            List<Node> remote = cluster.nodes().stream().skip(1).filter(n -> !killed.contains(n.id())).toList();
            Node victim = remote.get(s.a() % remote.size());
            killed.add(victim.id());
            cluster.faults().kill(victim.id());
            // What the node monitor does once the victim is silent for its timeout: dead first, then its copies go.
            cluster.gcs().nodeTable().markDead(victim.id()).join();
            cluster.gcs().objectTable().removeNode(victim.id()).join();
          }
        }
        live.forEach(h -> made.add(h.id()));
      }
      // No object a live ref reaches is lost.
      for (Held h : live) {
        check(h);
      }
      assertThat(cluster.gcs().nodeTable().all().join()).as("nodes declared dead though the program killed none of "
          + "them: their heartbeats stalled for %s (a loaded machine), which voids what is checked next", HEARTBEAT_TIMEOUT)
          .filteredOn(n -> !n.alive()).extracting(n -> n.info().id()).allMatch(killed::contains);
      // An object nothing ever used is freed once its refs are dropped.
      awaitFreed(cluster, runtime, droppedUnused, "dropped objects that nothing used");
      live.clear();
      // The counter holds nothing once every ref is dropped.
      Awaitility.await("the counter empty").atMost(FREED_WITHIN).until(() -> {
        System.gc();
        return runtime.references().live().isEmpty();
      });
      awaitFreed(cluster, runtime, made, "every object, once every ref is dropped");
    } finally {
      Ray.shutdown();
    }
  }

  private static void awaitFreed(EmbeddedCluster cluster, MinirayRuntime runtime, java.util.Collection<ObjectId> ids,
      String what) {
    Awaitility.await(what + " freed").atMost(FREED_WITHIN).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
      System.gc();
      assertThat(leftOf(cluster, runtime, ids)).as("what is left of %s", what).isEmpty();
    });
  }

  /** Where each of {@code ids} still lives: in the counter, a live node's store, or the object table. */
  private static List<String> leftOf(EmbeddedCluster cluster, MinirayRuntime runtime, java.util.Collection<ObjectId> ids) {
    List<String> left = new ArrayList<>();
    for (ObjectId id : ids) {
      List<String> where = new ArrayList<>();
      if (runtime.references().isHeld(id)) {
        where.add("held by the counter (" + (runtime.references() instanceof OwnerReferenceCounter c ? c.holders(id)
            : "?") + "; its task " + (id.isPut() ? "none, a put" : cluster.gcs().taskTable().lookup(id.task()).join()
            .map(t -> t.status() + " on " + t.node()).orElse("not in the task table")) + ")");
      }
      cluster.nodes().stream().filter(n -> !killed(cluster, n) && n.objects().store().contains(id))
          .forEach(n -> where.add("a copy on " + n.id()));
      cluster.gcs().objectTable().lookup(id).join().filter(e -> !e.locations().isEmpty())
          .ifPresent(e -> where.add("object-table locations " + e.locations()));
      if (!where.isEmpty()) {
        left.add(id + ": " + String.join(", ", where));
      }
    }
    return left;
  }

  private static boolean killed(EmbeddedCluster cluster, Node n) {
    return !cluster.driverNode().liveNodes().contains(n.id());
  }

  /**
   * Eight programs, most with a node kill, a few seconds, in make test; what must be freed is
   * checked in every one (see {@link #run(Program)}). Two CI runs of the whole
   * suite once left a location behind (seeds 27492102990132 and 28464001235822): a release that
   * deleted a copy between its store and its location's publication ({@code
   * ObjectManager.publish} now removes such a location again).
   */
  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void noReachableObjectIsLostAndEveryUnreachableOneIsFreed() {
    Replays.check("reference counting", Integer.getInteger("refcount.examples", 8), PROGRAMS,
        ReferenceCountingPropertyTest::run);
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.HOURS)
  @Tag("stress")
  void noReachableObjectIsLostAndEveryUnreachableOneIsFreedStress() {
    Replays.check("reference counting (stress)", 300, PROGRAMS, ReferenceCountingPropertyTest::run);
  }
}
