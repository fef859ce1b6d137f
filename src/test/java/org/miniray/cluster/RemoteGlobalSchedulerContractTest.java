package org.miniray.cluster;

import java.util.List;
import org.miniray.common.Clock;
import org.miniray.events.EventRecorder;
import org.miniray.gcs.Gcs;
import org.miniray.gcs.remote.HeadRetries;
import org.miniray.scheduler.global.GlobalScheduler;
import org.miniray.scheduler.global.GlobalSchedulerContractTest;
import org.miniray.scheduler.global.PolicyGlobalScheduler;
import org.miniray.scheduler.policy.LeastLoadedSchedulingPolicy;
import org.miniray.task.TaskSpec;
import org.miniray.transport.Transport;

/**
 * The global-scheduler contract over {@link RemoteGlobalScheduler}, as a node of another process
 * sees the head's: every task crosses a Netty connection on the loopback to a server that hands it
 * to a {@link PolicyGlobalScheduler} ({@link RemoteGlobalScheduler#serveOn}), which places it.
 */
class RemoteGlobalSchedulerContractTest extends GlobalSchedulerContractTest {
  @Override
  protected GlobalScheduler createScheduler(Gcs gcs, Transport transport, long infeasibleTimeoutMs) {
    PolicyGlobalScheduler head = new PolicyGlobalScheduler(gcs, transport, new LeastLoadedSchedulingPolicy(1),
        Clock.SYSTEM, infeasibleTimeoutMs, EventRecorder.OFF);
    LoopbackHead loopback = new LoopbackHead(handlers -> RemoteGlobalScheduler.serveOn(handlers, head));
    RemoteGlobalScheduler remote = new RemoteGlobalScheduler(new HeadRetries(loopback.client(), 0));
    return new GlobalScheduler() {
      @Override
      public void schedule(TaskSpec spec) {
        remote.schedule(spec);
      }

      @Override
      public List<TaskSpec> stop() {
        return remote.stop();
      }

      @Override
      public void close() {
        remote.close();
        loopback.close();
        head.close();
      }
    };
  }
}
