package org.miniray.worker;

import com.google.common.util.concurrent.MoreExecutors;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.miniray.common.DaemonThreads;

/** Worker threads on demand, reused while idle; named after their node for stack dumps and timelines. */
public final class ThreadWorkerPool implements WorkerPool {
  private final ExecutorService threads;

  public ThreadWorkerPool(String nodeName) {
    String escaped = nodeName.replace("%", "%%"); // the name is a format pattern
    this.threads = Executors.newCachedThreadPool(DaemonThreads.named("miniray-" + escaped + "-worker-%d"));
  }

  @Override
  public void execute(Runnable work) {
    threads.execute(work);
  }

  @Override
  public Executor newLane(int maxConcurrency) {
    return maxConcurrency == 1 ? MoreExecutors.newSequentialExecutor(threads) : new BoundedLane(threads, maxConcurrency);
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }
}
