package org.miniray.transport;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.miniray.common.DaemonThreads;
import org.miniray.id.ActorId;
import org.miniray.id.JobId;
import org.miniray.id.NodeId;
import org.miniray.id.ObjectId;
import org.miniray.serialization.SerializedObject;
import org.miniray.task.TaskError;
import org.miniray.task.TaskSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A transport that loses, delays and reorders messages and partitions nodes, around another
 * transport. Faults are injected here, never in the code under test. Every random choice comes
 * from the seed given at construction and the message's place on its link: the k-th message from
 * one sender to one receiver meets the same fate in every run with that seed, whatever the other
 * links carried meanwhile. (One generator shared by all links would hand each message the draw
 * of its place in the whole cluster's traffic, so one extra message anywhere, a question of
 * thread timing, would shift every later fate.) Which message is k-th on a link, and when a
 * delayed one arrives, still follow thread timing.
 *
 * <p>Each node sends through its own view ({@link #from}) so that a partition knows the sender;
 * the transport itself is the view of the cluster's services (global scheduler, driver calls).
 * With no fault switched on, a message costs one extra call.
 */
public final class FaultyTransport implements Transport, NetworkFaults {
  private static final Logger log = LoggerFactory.getLogger(FaultyTransport.class);

  private final Transport inner;
  private final long seed;
  private final ConcurrentHashMap<Link, AtomicLong> sent = new ConcurrentHashMap<>();
  private final ScheduledExecutorService later;
  private volatile double dropP;
  private volatile double delayP;
  private volatile long maxDelayMillis;
  private volatile Set<NodeId> cutOff = Set.of();

  public FaultyTransport(Transport inner, long seed) {
    this.inner = inner;
    this.seed = seed;
    this.later = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("miniray-faulty-transport"));
  }

  /** The transport as node {@code sender} uses it. */
  public Transport from(NodeId sender) {
    return new View(sender);
  }

  @Override
  public void bind(NodeId id, NodeService service) {
    inner.bind(id, service);
  }

  @Override
  public void unbind(NodeId id) {
    inner.unbind(id);
  }

  @Override
  public NodeService connect(NodeId id) {
    return connect(null, id);
  }

  private NodeService connect(NodeId sender, NodeId to) {
    inner.connect(to); // unreachable now: fail now
    return new FaultyService(sender, to);
  }

  @Override
  public void close() {
    later.shutdownNow();
    inner.close();
  }

  @Override
  public void dropMessages(double p) {
    dropP = p;
  }

  @Override
  public void delayMessages(double p, long maxMillis) {
    maxDelayMillis = maxMillis;
    delayP = p;
  }

  @Override
  public void partition(Collection<NodeId> side) {
    cutOff = Set.copyOf(side);
  }

  @Override
  public void heal() {
    cutOff = Set.of();
    dropP = 0;
    delayP = 0;
  }

  /** The fate of one message: -1 dropped, 0 delivered now, else delivered after that many ms. */
  private long fate(NodeId sender, NodeId to) {
    Set<NodeId> cut = cutOff;
    if (!cut.isEmpty() && cut.contains(sender) != cut.contains(to)) {
      return -1;
    }
    double drop = dropP;
    double delay = delayP;
    if (drop == 0 && delay == 0) {
      return 0;
    }
    SplittableRandom random = linkRandom(sender, to);
    if (drop > 0 && random.nextDouble() < drop) {
      return -1;
    }
    if (delay > 0 && random.nextDouble() < delay) {
      return 1 + random.nextLong(Math.max(1, maxDelayMillis));
    }
    return 0;
  }

  /** The draws for the next message from {@code sender} (null: the cluster's services) to {@code to}. */
  private SplittableRandom linkRandom(NodeId sender, NodeId to) {
    Link link = new Link(sender == null ? "" : sender.value(), to.value());
    long k = sent.computeIfAbsent(link, l -> new AtomicLong()).getAndIncrement();
    // String hashes are fixed by the language, so the same link gets the same stream in every JVM.
    long h = seed;
    h = h * 0x9E3779B97F4A7C15L + link.from().hashCode();
    h = h * 0x9E3779B97F4A7C15L + link.to().hashCode();
    return new SplittableRandom(h * 0x9E3779B97F4A7C15L + k);
  }

  private record Link(String from, String to) {}

  private final class View implements Transport {
    private final NodeId sender;

    View(NodeId sender) {
      this.sender = sender;
    }

    @Override
    public void bind(NodeId id, NodeService service) {
      FaultyTransport.this.bind(id, service); // a view binds as the transport does: faults apply to senders
    }

    @Override
    public void unbind(NodeId id) {
      FaultyTransport.this.unbind(id);
    }

    @Override
    public NodeService connect(NodeId id) {
      return FaultyTransport.this.connect(sender, id);
    }

    @Override
    public void close() {
      // the shared transport is closed by its owner
    }
  }

  private final class FaultyService implements NodeService {
    private final NodeId sender;
    private final NodeId to;

    FaultyService(NodeId sender, NodeId to) {
      this.sender = sender;
      this.to = to;
    }

    /** Sends a one-way message: now, later (its receiver looked up at delivery), or never. */
    private void send(String what, Consumer<NodeService> message) {
      long fate = fate(sender, to);
      if (fate < 0) {
        throw new NodeUnreachableException(to);
      }
      if (fate == 0) {
        message.accept(inner.connect(to));
        return;
      }
      later.schedule(() -> {
        try {
          message.accept(inner.connect(to));
        } catch (RuntimeException e) {
          log.debug("delayed {} to {} was lost: {}", what, to, e.toString());
        }
      }, fate, TimeUnit.MILLISECONDS);
    }

    @Override
    public void placeTask(TaskSpec spec) {
      send("placeTask", s -> s.placeTask(spec));
    }

    @Override
    public void submitActorTask(TaskSpec spec) {
      send("submitActorTask", s -> s.submitActorTask(spec));
    }

    @Override
    public void pushObject(ObjectId id, SerializedObject object) {
      send("pushObject", s -> s.pushObject(id, object));
    }

    @Override
    public void objectMade(ObjectId id, NodeId holder, long sizeBytes) {
      send("objectMade", s -> s.objectMade(id, holder, sizeBytes));
    }

    @Override
    public void killActor(ActorId actor, String reason) {
      send("killActor", s -> s.killActor(actor, reason));
    }

    @Override
    public CompletableFuture<Boolean> runTask(TaskSpec spec) {
      if (fate(sender, to) < 0) {
        return CompletableFuture.failedFuture(new NodeUnreachableException(to));
      }
      return inner.connect(to).runTask(spec);
    }

    @Override
    public CompletableFuture<Boolean> dropActor(ActorId actor) {
      if (fate(sender, to) < 0) {
        return CompletableFuture.failedFuture(new NodeUnreachableException(to));
      }
      return inner.connect(to).dropActor(actor); // a request: delays would only slow the caller's wait
    }

    @Override
    public void failTask(TaskSpec spec, TaskError error) {
      send("failTask", s -> s.failTask(spec, error));
    }

    @Override
    public void freeObjects(List<ObjectId> ids) {
      send("freeObjects", s -> s.freeObjects(ids));
    }

    @Override
    public void releaseObjects(List<ObjectId> ids) {
      send("releaseObjects", s -> s.releaseObjects(ids));
    }

    @Override
    public CompletableFuture<Void> addBorrower(NodeId borrower, List<ObjectId> ids) {
      if (fate(sender, to) < 0) {
        return CompletableFuture.failedFuture(new NodeUnreachableException(to));
      }
      return inner.connect(to).addBorrower(borrower, ids);
    }

    @Override
    public void removeBorrower(NodeId borrower, List<ObjectId> ids) {
      send("removeBorrower", s -> s.removeBorrower(borrower, ids));
    }

    @Override
    public CompletableFuture<NodeObjects> listObjects() {
      if (fate(sender, to) < 0) {
        return CompletableFuture.failedFuture(new NodeUnreachableException(to));
      }
      return inner.connect(to).listObjects();
    }

    @Override
    public void endJob(JobId job, String cause) {
      send("endJob", s -> s.endJob(job, cause));
    }

    @Override
    public CompletableFuture<SerializedObject> fetchObject(ObjectId id) {
      return fetch(s -> s.fetchObject(id));
    }

    @Override
    public CompletableFuture<SerializedObject> fetchObject(ObjectId id, BodySink sink) {
      return fetch(s -> s.fetchObject(id, sink));
    }

    private CompletableFuture<SerializedObject> fetch(
        java.util.function.Function<NodeService, CompletableFuture<SerializedObject>> call) {
      long fate = fate(sender, to);
      if (fate < 0) {
        return CompletableFuture.failedFuture(new NodeUnreachableException(to));
      }
      if (fate == 0) {
        return call.apply(inner.connect(to));
      }
      CompletableFuture<SerializedObject> out = new CompletableFuture<>();
      later.schedule(() -> {
        try {
          call.apply(inner.connect(to)).whenComplete((o, t) -> {
            if (t != null) {
              out.completeExceptionally(t);
            } else {
              out.complete(o);
            }
          });
        } catch (RuntimeException e) {
          out.completeExceptionally(e);
        }
      }, fate, TimeUnit.MILLISECONDS);
      return out;
    }
  }
}
