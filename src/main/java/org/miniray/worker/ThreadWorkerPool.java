package org.miniray.worker;

import com.google.common.util.concurrent.MoreExecutors;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Worker threads on demand, reused while idle; named after their node for stack dumps and timelines. */
public final class ThreadWorkerPool implements WorkerPool {
  private final ExecutorService threads;

  public ThreadWorkerPool(String nodeName) {
    AtomicInteger n = new AtomicInteger();
    ThreadFactory f = r -> {
      Thread t = new Thread(r, "miniray-" + nodeName + "-worker-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    this.threads = Executors.newCachedThreadPool(f);
  }

  @Override
  public void execute(Runnable work) {
    threads.execute(work);
  }

  @Override
  public Executor newSerialLane() {
    return MoreExecutors.newSequentialExecutor(threads);
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }
}
