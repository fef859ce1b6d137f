package org.miniray.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.Reference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.miniray.api.ObjectRef;
import org.miniray.api.Ray;
import org.miniray.id.JobId;
import org.miniray.id.ObjectId;
import org.miniray.node.Node;
import org.miniray.transport.NodeObjects;

/**
 * Issue 14's "jobs that end" on an embedded cluster: when the driver's node dies (as a driver
 * killed with {@code kill -9} would), the job's end reaches the other node within the heartbeat
 * timeout: its queued tasks never run, its running task's thread is interrupted, the result of a
 * task that ignores the interrupt is dropped, and the node's store holds nothing of the job.
 */
class JobEndTest {
  static final CountDownLatch sleeping = new CountDownLatch(1);
  static final AtomicBoolean interrupted = new AtomicBoolean();
  static final CountDownLatch spinning = new CountDownLatch(1);
  static final AtomicBoolean stopSpinning = new AtomicBoolean();
  static final AtomicInteger spinsDone = new AtomicInteger();
  static final AtomicInteger queuedRan = new AtomicInteger();

  @AfterEach
  void stop() {
    stopSpinning.set(true);
    if (Ray.isInitialized()) {
      Ray.shutdown();
    }
  }

  public static byte[] bytes(int n) {
    return new byte[n];
  }

  public static int sleepUntilInterrupted() {
    sleeping.countDown();
    try {
      Thread.sleep(600_000);
      return 1;
    } catch (InterruptedException e) {
      interrupted.set(true);
      return -1;
    }
  }

  /** Ignores interrupts: runs until told to stop. */
  public static int spin() {
    spinning.countDown();
    while (!stopSpinning.get()) {
      Thread.onSpinWait();
    }
    spinsDone.incrementAndGet();
    return 7;
  }

  public static int queued() {
    return queuedRan.incrementAndGet();
  }

  private static List<NodeObjects.Copy> ofJob(Node node, JobId job) {
    return node.objects().store().copies().stream().filter(c -> c.id().isOf(job)).toList();
  }

  @Test
  @Timeout(120)
  void aJobWhoseDriverDiesLeavesNothingOnTheOtherNodes() throws Exception {
    Ray.init(Map.of("miniray.nodes", "2", "miniray.node.1.resources", "CPU=6,spot=2,spin=1,store=2",
        "miniray.heartbeat.interval.ms", "50", "miniray.heartbeat.timeout.ms", "600"));
    MinirayRuntime runtime = (MinirayRuntime) Ray.internal();
    EmbeddedCluster cluster = runtime.cluster();
    JobId job = cluster.job();
    Node other = cluster.nodes().get(1);

    List<ObjectRef<byte[]>> made = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      made.add(Ray.task(JobEndTest::bytes, 200_000).setResource("store", 1.0).remote());
    }
    assertThat(Ray.get(made, 60_000)).allSatisfy(b -> assertThat(b).hasSize(200_000));
    assertThat(ofJob(other, job)).as("the job's objects on node 1").hasSizeGreaterThanOrEqualTo(4);

    ObjectRef<Integer> sleeper = Ray.task(JobEndTest::sleepUntilInterrupted).setResource("spot", 2.0).remote();
    ObjectRef<Integer> spinner = Ray.task(JobEndTest::spin).setResource("spin", 1.0).remote();
    List<ObjectRef<Integer>> waiting = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      waiting.add(Ray.task(JobEndTest::queued).setResource("spot", 1.0).remote());
    }
    sleeping.await();
    spinning.await();
    Awaitility.await("three tasks queued on node 1").atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(10)).until(() -> other.scheduler().queueLength() == 3);
    ObjectId spun = ((ObjectRefImpl<Integer>) spinner).id();

    cluster.faults().kill(0); // the driver's node: the monitor declares the driver dead

    Awaitility.await("the running task's thread is interrupted").atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(10)).untilTrue(interrupted);
    Awaitility.await("node 1's queue drops the job's tasks").atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(10)).until(() -> other.scheduler().queueLength() == 0);
    stopSpinning.set(true);
    Awaitility.await("the task that ignored the interrupt ends").atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(10)).until(() -> spinsDone.get() == 1);
    Awaitility.await("node 1's store holds nothing of the job").atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(10)).until(() -> ofJob(other, job).isEmpty()
            && other.scheduler().available().get("spot") == 2.0 && other.scheduler().available().get("spin") == 1.0);
    assertThat(other.objects().getLocal(spun)).as("the result of the task that ignored the interrupt").isNull();
    assertThat(other.objects().hasEnded(job)).isTrue();
    assertThat(queuedRan.get()).as("queued tasks of the ended job that ran").isZero();
    // Held to the end: objects freed by counting, not by the job's end, would prove nothing here.
    Reference.reachabilityFence(made);
    Reference.reachabilityFence(sleeper);
    Reference.reachabilityFence(waiting);
  }
}
