package org.miniray.worker;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.miniray.common.Clock;
import org.miniray.common.DaemonThreads;
import org.miniray.id.NodeId;
import org.miniray.task.TaskSpec;
import org.miniray.transport.NodeService;
import org.miniray.transport.NodeUnreachableException;
import org.miniray.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Worker JVMs started on demand with {@code command} and kept while they live, one task at a
 * time each (the node's local scheduler decides how many run at once, by its CPUs). A worker
 * joins the cluster as a node of its own, prints {@code READY <node id>} on its standard output,
 * and then runs what it is sent ({@link NodeService#runTask}); it ends when its standard input
 * closes, that is when this node's process does. A worker whose process exits while it holds a
 * task fails that task's attempt with the exit code; one whose task died of an {@code Error} is
 * stopped and not used again.
 */
public final class ProcessWorkers implements RemoteWorkers {
  private static final Logger log = LoggerFactory.getLogger(ProcessWorkers.class);
  private static final long START_TIMEOUT_MS = 60_000;
  private static final long REACHABLE_TIMEOUT_MS = 10_000;
  private static final long EXIT_WAIT_MS = 2_000;
  static final String READY = "READY ";

  private final Supplier<List<String>> command;
  private final Transport transport;
  private final Clock clock;
  private final Deque<Worker> idle = new ArrayDeque<>();
  private final Set<Worker> all = ConcurrentHashMap.newKeySet();
  private final ExecutorService starter = Executors.newCachedThreadPool(DaemonThreads.named("miniray-worker-start-%d"));
  private volatile boolean closed;

  /** One worker process, and the node it runs as. */
  private record Worker(Process process, NodeId node) {
    String describe() {
      return "worker process " + process.pid() + " (" + node + ")";
    }
  }

  /** @param command how to start a worker, asked each time one starts (once this node listens) */
  public ProcessWorkers(Supplier<List<String>> command, Transport transport, Clock clock) {
    this.command = command;
    this.transport = transport;
    this.clock = clock;
  }

  @Override
  public CompletableFuture<Void> run(TaskSpec spec) {
    Worker ready;
    synchronized (idle) {
      ready = idle.poll();
      while (ready != null && !ready.process().isAlive()) {
        ready = idle.poll();
      }
    }
    CompletableFuture<Worker> worker = ready != null ? CompletableFuture.completedFuture(ready)
        : CompletableFuture.supplyAsync(this::start, starter);
    return worker.thenCompose(w -> runOn(w, spec));
  }

  private CompletableFuture<Void> runOn(Worker w, TaskSpec spec) {
    CompletableFuture<Void> out = new CompletableFuture<>();
    w.process().onExit().thenRun(() -> out.completeExceptionally(new WorkerDiedException(exited(w))));
    service(w).runTask(spec).whenComplete((ok, failed) -> {
      if (failed == null) {
        if (out.complete(null)) {
          synchronized (idle) {
            if (!closed) {
              idle.push(w);
            }
          }
        }
        return;
      }
      // The task's worker died of an Error, or the connection broke as its process ended: either way it
      // is not used again. An ending process closes its connection a moment before it exits: wait for
      // its exit code, which says more than a lost connection.
      starter.execute(() -> {
        if (exitsWithin(w.process(), EXIT_WAIT_MS)) {
          out.completeExceptionally(new WorkerDiedException(exited(w)));
        } else {
          w.process().destroy();
          out.completeExceptionally(new WorkerDiedException("its " + w.describe() + " failed: " + rootMessage(failed)));
        }
      });
    });
    return out;
  }

  private static String exited(Worker w) {
    return "its " + w.describe() + " exited with code " + w.process().exitValue();
  }

  private static boolean exitsWithin(Process p, long ms) {
    try {
      return p.waitFor(ms, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !p.isAlive();
    }
  }

  private NodeService service(Worker w) {
    long deadline = clock.nanoTime() + TimeUnit.MILLISECONDS.toNanos(REACHABLE_TIMEOUT_MS);
    while (true) {
      try {
        return transport.connect(w.node());
      } catch (NodeUnreachableException e) {
        // Its address reaches this node through the node table a moment after it said READY.
        if (clock.nanoTime() > deadline || !w.process().isAlive()) {
          throw new WorkerDiedException("its " + w.describe() + " cannot be reached: " + e.getMessage());
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new WorkerDiedException("interrupted while reaching " + w.describe());
        }
      }
    }
  }

  /** Starts a worker and waits for its READY line. */
  private Worker start() {
    if (closed) {
      throw new WorkerDiedException("this node is shutting down");
    }
    Process p;
    List<String> cmd = command.get();
    try {
      p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    } catch (IOException e) {
      throw new WorkerDiedException("cannot start a worker process (" + cmd.get(0) + "): " + e.getMessage());
    }
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> readyLine(out), starter);
    String id;
    try {
      id = ready.get(START_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      p.destroyForcibly();
      throw new WorkerDiedException("a worker process did not start within " + START_TIMEOUT_MS + " ms"
          + (p.isAlive() ? "" : " (it exited with code " + p.exitValue() + ")") + ": " + rootMessage(e));
    }
    if (id == null) {
      throw new WorkerDiedException("a worker process exited before it was ready"
          + (p.isAlive() ? "" : ", with code " + p.exitValue()));
    }
    Worker w = new Worker(p, new NodeId(id));
    all.add(w);
    starter.execute(() -> forward(out, p.pid())); // keeps its standard output drained, in this node's log
    log.info("started {}", w.describe());
    return w;
  }

  private static String readyLine(BufferedReader out) {
    try {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith(READY)) {
          return line.substring(READY.length()).trim();
        }
        System.out.println("[worker] " + line);
      }
      return null;
    } catch (IOException e) {
      return null;
    }
  }

  private static void forward(BufferedReader out, long pid) {
    try {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        System.out.println("[worker " + pid + "] " + line);
      }
    } catch (IOException e) {
      // the worker is gone
    }
  }

  private static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c.toString();
  }

  @Override
  public void close() {
    closed = true;
    all.forEach(w -> w.process().destroy());
    starter.shutdownNow();
  }
}
