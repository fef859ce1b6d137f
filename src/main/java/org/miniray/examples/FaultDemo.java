package org.miniray.examples;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.miniray.api.ActorHandle;
import org.miniray.api.CheckpointContext;
import org.miniray.api.Checkpointable;
import org.miniray.api.ObjectRef;
import org.miniray.api.Ray;
import org.miniray.api.WaitResult;

/**
 * Fault tolerance on a cluster of processes (README, "Killing a node under a job"): a job long
 * enough to kill a node under it with {@code kill -9}, and a check that it still gives the
 * answer it gives when nothing fails.
 *
 * <p>The job: {@code n} tasks each square a number (taking {@code millis} to do it, standing for
 * real work), a tree of tasks adds the squares up, and a checkpointed actor, the {@link Ledger},
 * records every square as it comes in. The ledger asks for a CPU, so it lives on a node that
 * offers CPUs, never on a head started with {@code --num-cpus 0}; the demo prints its process id,
 * which is the one to kill. When that node dies, its lost results are made again from lineage,
 * its running tasks run again elsewhere, and the ledger restarts on another node from its latest
 * checkpoint and replays the calls made after it.
 *
 * <pre>
 * java -Dminiray.address=127.0.0.1:6379 -cp ... org.miniray.examples.FaultDemo [tasks [millis]]
 * </pre>
 */
public final class FaultDemo {
  private FaultDemo() {}

  /** One task's work: {@code i * i}, after {@code millis} of pretending to think. */
  public static long square(int i, int millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the node is shutting down: the result will not be used
    }
    return (long) i * i;
  }

  public static long add(long a, long b) {
    return a + b;
  }

  /** Where a ledger runs and what its current incarnation has done; for the demo's report. */
  public record Home(long pid, String host, int restoredEntries, int recordsRunHere) {}

  /**
   * A checkpointed actor: every value recorded, in order. It checkpoints every {@code every}
   * calls; after a restart it knows how many entries its checkpoint held and how many record
   * calls it has run since (replays included), which is how the demo shows what was replayed.
   */
  public static final class Ledger implements Checkpointable {
    private final int every;
    private ArrayList<Long> entries = new ArrayList<>();
    private int restoredEntries = -1; // this incarnation's, never checkpointed
    private int recordsRunHere;

    public Ledger(int every) {
      this.every = every;
    }

    /** Records {@code value}; returns how many entries the ledger holds. */
    public int record(long value) {
      entries.add(value);
      recordsRunHere++;
      return entries.size();
    }

    public long total() {
      long t = 0;
      for (long e : entries) {
        t += e;
      }
      return t;
    }

    public List<Long> entries() {
      return new ArrayList<>(entries);
    }

    public Home home() {
      String host;
      try {
        host = java.net.InetAddress.getLocalHost().getHostName();
      } catch (java.net.UnknownHostException e) {
        host = "localhost";
      }
      return new Home(ProcessHandle.current().pid(), host, restoredEntries, recordsRunHere);
    }

    @Override
    public boolean shouldCheckpoint(CheckpointContext context) {
      return context.callsSinceLastCheckpoint() >= every;
    }

    @Override
    public Object saveCheckpoint() {
      return new ArrayList<>(entries);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void loadCheckpoint(Object snapshot) {
      entries = new ArrayList<>((List<Long>) snapshot);
      restoredEntries = entries.size();
    }
  }

  /**
   * What the job gave. {@code squares} and {@code sums} are the job's task results (for tests
   * that look at how often they ran), {@code records} what each record call returned.
   */
  public record Result(int tasks, long total, long ledgerTotal, List<Long> entries, List<Integer> records,
      Home before, Home after, List<ObjectRef<Long>> squares, List<ObjectRef<Long>> sums) {

    public long expectedTotal() {
      long t = 0;
      for (int i = 1; i <= tasks; i++) {
        t += (long) i * i;
      }
      return t;
    }

    /** Every check the demo makes; empty when the job gave the failure-free answer. */
    public List<String> problems() {
      List<String> p = new ArrayList<>();
      if (total != expectedTotal()) {
        p.add("the tasks' sum of squares is " + total + ", not " + expectedTotal());
      }
      if (ledgerTotal != expectedTotal()) {
        p.add("the ledger's total is " + ledgerTotal + ", not " + expectedTotal());
      }
      List<Long> sorted = new ArrayList<>(entries);
      sorted.sort(null);
      List<Long> each = new ArrayList<>();
      for (int i = 1; i <= tasks; i++) {
        each.add((long) i * i);
      }
      if (!sorted.equals(each)) {
        p.add("the ledger does not hold each square exactly once: " + entries);
      }
      List<Integer> counts = new ArrayList<>();
      for (int i = 1; i <= tasks; i++) {
        counts.add(i);
      }
      if (!records.equals(counts)) {
        p.add("the record calls returned " + records + ", not 1.." + tasks + " in order");
      }
      int uncovered = tasks - Math.max(0, after.restoredEntries());
      if (after.pid() != before.pid() && after.recordsRunHere() != uncovered) {
        p.add("the restarted ledger ran " + after.recordsRunHere() + " record calls, not the " + uncovered
            + " its checkpoint did not cover");
      }
      return p;
    }
  }

  public static void main(String[] args) {
    int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 60;
    int millis = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    if (tasks < 1 || millis < 0) {
      throw new IllegalArgumentException("usage: FaultDemo [tasks >= 1 [millis per task >= 0]], got "
          + String.join(" ", args));
    }
    Ray.init();
    List<String> problems;
    try {
      problems = run("fault-demo-ledger-" + ProcessHandle.current().pid(), tasks, millis, 5, System.out).problems();
    } finally {
      Ray.shutdown();
    }
    if (!problems.isEmpty()) {
      problems.forEach(p -> System.out.println("WRONG: " + p));
      System.exit(1);
    }
  }

  /** Runs the job, printing its progress to {@code out} about once a second; the ledger actor gets {@code name}. */
  public static Result run(String ledgerName, int tasks, int millis, int checkpointEvery, PrintStream out) {
    ActorHandle<Ledger> ledger = Ray.actor(Ledger::new, checkpointEvery).setResource("CPU", 1.0)
        .setMaxRestarts(1).setName(ledgerName).remote();
    Home before = ledger.task(Ledger::home).remote().get(60_000);
    out.printf("The ledger actor lives in process %d on %s. To see fault tolerance, kill its node while the job"
        + " runs:%n    kill -9 %d%n", before.pid(), before.host(), before.pid());
    out.printf("Job: %d tasks square 1..%d (%d ms each), a tree of tasks adds them up, the ledger records each "
        + "square (checkpoint every %d calls).%n", tasks, tasks, millis, checkpointEvery);

    long start = System.nanoTime();
    List<ObjectRef<Long>> squares = new ArrayList<>();
    for (int i = 1; i <= tasks; i++) {
      squares.add(Ray.task(FaultDemo::square, i, millis).remote());
    }
    List<ObjectRef<Long>> sums = new ArrayList<>();
    List<ObjectRef<Long>> level = squares;
    while (level.size() > 1) {
      List<ObjectRef<Long>> next = new ArrayList<>();
      for (int i = 0; i + 1 < level.size(); i += 2) {
        next.add(Ray.task(FaultDemo::add, level.get(i), level.get(i + 1)).remote());
      }
      if (level.size() % 2 == 1) {
        next.add(level.get(level.size() - 1));
      }
      sums.addAll(next.subList(0, level.size() / 2));
      level = next;
    }
    ObjectRef<Long> total = level.get(0);

    List<ObjectRef<Long>> waiting = new ArrayList<>(squares);
    List<ObjectRef<Integer>> records = new ArrayList<>();
    long lastPrint = 0;
    while (!waiting.isEmpty()) {
      WaitResult<Long> w = Ray.wait(waiting, 1, 1000);
      for (ObjectRef<Long> done : w.getReady()) {
        records.add(ledger.task(Ledger::record, done).remote()); // the actor reads the square itself
      }
      waiting = w.getUnready();
      long now = System.nanoTime();
      if (now - lastPrint > 1_000_000_000L || waiting.isEmpty()) {
        lastPrint = now;
        out.printf("  [%5.1f s] %d of %d squares done%n", (now - start) / 1e9, tasks - waiting.size(), tasks);
      }
    }
    long sum = total.get(120_000);
    List<Integer> recorded = Ray.get(records, 120_000);
    long ledgerTotal = ledger.task(Ledger::total).remote().get(120_000);
    List<Long> entries = ledger.task(Ledger::entries).remote().get(120_000);
    Home after = ledger.task(Ledger::home).remote().get(120_000);
    Result r = new Result(tasks, sum, ledgerTotal, entries, recorded, before, after, squares, sums);

    out.printf("Done in %.1f s.%n", (System.nanoTime() - start) / 1e9);
    out.printf("  sum of squares by the tasks: %d (expected %d)%n", sum, r.expectedTotal());
    out.printf("  the ledger's total:          %d (expected %d), %d entries%n", ledgerTotal, r.expectedTotal(),
        entries.size());
    if (after.restoredEntries() >= 0) {
      out.printf("  the ledger restarted: process %d -> %d; it loaded a checkpoint of %d entries and ran the "
          + "other %d record calls again or for the first time%n", before.pid(), after.pid(),
          after.restoredEntries(), after.recordsRunHere());
    } else if (after.pid() != before.pid()) {
      out.printf("  the ledger restarted: process %d -> %d, with no checkpoint yet; it replayed every call%n",
          before.pid(), after.pid());
    } else {
      out.printf("  the ledger never moved (process %d)%n", after.pid());
    }
    out.println(r.problems().isEmpty() ? "  OK: the same answer as a run without failures"
        : "  WRONG: " + String.join("; ", r.problems()));
    return r;
  }
}
