package org.miniray.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.ExtendWith;
import org.miniray.api.ActorHandle;
import org.miniray.api.ObjectRef;
import org.miniray.api.Ray;
import org.miniray.id.ObjectId;
import org.miniray.refcount.ReferenceCounter;
import org.miniray.runtime.MinirayRuntime;
import org.miniray.runtime.ObjectRefImpl;

/**
 * The borrower protocol on real processes (refcount, Ray's ownership, NSDI 2021): a head and two
 * node JVMs started with the command line; this JVM is the driver and owns what it puts. An actor
 * on a node reads a ref nested in a list the driver put and keeps it in a field; the driver drops
 * every ref it had. The object stays while the actor holds it, and is freed everywhere (the owner's
 * count, every copy's location) once the actor drops it or its process dies. The other way round,
 * the driver borrows an object a task put on a node and returned: it outlives the task's result.
 */
@ExtendWith(ProcessLogsOnFailure.class)
class BorrowersProcessesTest {
  private static final Duration SOON = Duration.ofSeconds(60);
  private static final int SIZE = 64 * 1024;

  @TempDir
  static Path home;

  static byte[] object(int size) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = (byte) (i * 31);
    }
    return b;
  }

  static long checksum(byte[] b) {
    long s = 0;
    for (byte x : b) {
      s = s * 31 + x;
    }
    return s;
  }

  private static final long EXPECTED = checksum(object(SIZE));

  @BeforeAll
  static void start() {
    assertThat(cli("start", "--head", "--port", "0", "--num-cpus", "1")).isZero();
    String head = CliAt.headAddress(home);
    assertThat(cli("start", "--address", head, "--num-cpus", "1", "--resources", "{\"keeper\": 2}")).isZero();
    assertThat(cli("start", "--address", head, "--num-cpus", "1", "--resources", "{\"doomed\": 1}")).isZero();
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

  /** An actor that keeps the refs it is given, in a field, until told to drop them. */
  public static final class Keeper {
    private List<ObjectRef<byte[]>> kept = List.of();

    public Keeper() {}

    /** Keeps the refs nested in {@code refs} (read back from the driver's list) and reads the first. */
    public long keep(List<ObjectRef<byte[]>> refs) {
      kept = refs;
      return checksum(Ray.get(refs.get(0), 60_000));
    }

    /** Reads the kept object again: it must still exist. */
    public long readKept() {
      return checksum(Ray.get(kept.get(0), 60_000));
    }

    /** Drops the kept refs; the collector of this process then finds them unreachable. */
    public boolean drop() {
      kept = List.of();
      return collect();
    }

    /** Asks this process's collector to run: its Cleaner then reports the refs that died. */
    public boolean collect() {
      System.gc();
      return true;
    }

    public long pid() {
      return ProcessHandle.current().pid();
    }
  }

  /** A task on the keeper's node: puts an object there (its process owns it) and returns its ref in a list. */
  static List<ObjectRef<byte[]>> putThere(int size) {
    return List.of(Ray.put(object(size)));
  }

  /** Asks the collector of the process this runs in to run. */
  static boolean collectThere() {
    System.gc();
    return true;
  }

  /** What the driver put and handed to the keeper; the refs themselves die when this returns. */
  private record Lent(ObjectId inner, ObjectId outer) {}

  private static Lent lendTo(ActorHandle<Keeper> keeper) {
    ObjectRef<byte[]> inner = Ray.put(object(SIZE));
    ObjectRef<List<ObjectRef<byte[]>>> outer = Ray.put(List.of(inner));
    // The list is passed by reference: the actor's process reads the nested ref back from its bytes.
    long read = keeper.task(Keeper::keep, outer).remote().get(60_000);
    assertThat(read).as("the keeper read the nested object").isEqualTo(EXPECTED);
    return new Lent(((ObjectRefImpl<?>) inner).id(), ((ObjectRefImpl<?>) outer).id());
  }

  private static ReferenceCounter counter() {
    return ((MinirayRuntime) Ray.internal()).references();
  }

  /** The driver's refs are gone: its collector found them and the outer list was released. */
  private static void driverDropsItsRefs(Lent lent) {
    Awaitility.await("the driver's refs to the list collected, the list released").atMost(SOON)
        .pollInterval(Duration.ofMillis(200)).until(() -> {
          System.gc();
          return !counter().isHeld(lent.outer());
        });
  }

  private static boolean freedEverywhere(ObjectId id) {
    boolean noLocation = ((MinirayRuntime) Ray.internal()).deployment().gcs().objectTable().lookup(id).join()
        .map(e -> e.locations().isEmpty()).orElse(true);
    return !counter().isHeld(id) && noLocation;
  }

  @Test
  void anObjectBorrowedByAnActorOnAnotherNodeLivesUntilTheActorDropsIt() {
    ActorHandle<Keeper> keeper = Ray.actor(Keeper::new).setResource("keeper", 1.0).remote();
    Lent lent = lendTo(keeper);
    driverDropsItsRefs(lent);

    assertThat(counter().isHeld(lent.inner())).as("the keeper's process borrows it").isTrue();
    assertThat(freedEverywhere(lent.inner())).isFalse();
    assertThat(keeper.task(Keeper::readKept).remote().get(60_000)).as("the kept object, read again")
        .isEqualTo(EXPECTED);

    assertThat(keeper.task(Keeper::drop).remote().get(60_000)).isTrue();
    Awaitility.await("the object freed once the keeper dropped it").atMost(SOON)
        .pollInterval(Duration.ofMillis(200)).until(() -> {
          keeper.task(Keeper::collect).remote().get(60_000);
          return freedEverywhere(lent.inner());
        });
  }

  /** Runs {@link #putThere} on the keeper's node and reads its result: the driver keeps the ref in {@code into}. */
  private static ObjectId readReturnedRef(AtomicReference<ObjectRef<byte[]>> into) {
    ObjectRef<List<ObjectRef<byte[]>>> result = Ray.task(BorrowersProcessesTest::putThere, SIZE)
        .setResource("keeper", 0.5).remote();
    into.set(result.get(60_000).get(0));
    return ((ObjectRefImpl<?>) result).id();
  }

  private static void collectOnTheKeepersNode() {
    Ray.task(BorrowersProcessesTest::collectThere).setResource("keeper", 0.5).remote().get(60_000);
  }

  @Test
  void anObjectATaskPutOnANodeAndReturnedLivesWhileTheDriverBorrowsIt() {
    AtomicReference<ObjectRef<byte[]>> borrowed = new AtomicReference<>();
    ObjectId result = readReturnedRef(borrowed);
    ObjectId inner = ((ObjectRefImpl<?>) borrowed.get()).id();
    Awaitility.await("the task's result released by the driver").atMost(SOON)
        .pollInterval(Duration.ofMillis(200)).until(() -> {
          System.gc();
          return !counter().isHeld(result);
        });
    for (int i = 0; i < 3; i++) { // the task's own ref, in the node's process, is long dead
      collectOnTheKeepersNode();
    }
    assertThat(counter().isHeld(inner)).as("the driver borrows it").isTrue();
    assertThat(checksum(borrowed.get().get(60_000))).as("the borrowed object, read after its lender let go")
        .isEqualTo(EXPECTED);

    borrowed.set(null); // the driver's last ref to it
    Awaitility.await("the object freed at its owner once the driver dropped it").atMost(SOON)
        .pollInterval(Duration.ofMillis(200)).until(() -> {
          System.gc();
          collectOnTheKeepersNode();
          return freedEverywhere(inner);
        });
  }

  @Test
  void anObjectBorrowedByAProcessThatDiesIsFreedWhenItIsDeclaredDead() {
    ActorHandle<Keeper> keeper = Ray.actor(Keeper::new).setResource("doomed", 1.0).remote();
    Lent lent = lendTo(keeper);
    long pid = keeper.task(Keeper::pid).remote().get(60_000);
    driverDropsItsRefs(lent);
    assertThat(counter().isHeld(lent.inner())).as("the doomed node's process borrows it").isTrue();

    assertThat(ProcessHandle.of(pid).orElseThrow().destroyForcibly()).isTrue();
    Awaitility.await("the object freed once its borrower's node is declared dead").atMost(SOON)
        .pollInterval(Duration.ofMillis(200)).until(() -> freedEverywhere(lent.inner()));
  }
}
