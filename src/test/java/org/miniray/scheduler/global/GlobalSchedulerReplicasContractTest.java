package org.miniray.scheduler.global;

import java.util.List;
import org.miniray.common.Clock;
import org.miniray.events.EventRecorder;
import org.miniray.gcs.Gcs;
import org.miniray.scheduler.policy.LeastLoadedSchedulingPolicy;
import org.miniray.transport.Transport;

/** The global-scheduler contract over {@link GlobalSchedulerReplicas} of three policy schedulers. */
class GlobalSchedulerReplicasContractTest extends GlobalSchedulerContractTest {
  @Override
  protected boolean addsTheRowAsItAccepts() {
    return true;
  }

  @Override
  protected GlobalScheduler createScheduler(Gcs gcs, Transport transport, long infeasibleTimeoutMs) {
    return new GlobalSchedulerReplicas(List.of(
        new PolicyGlobalScheduler(gcs, transport, new LeastLoadedSchedulingPolicy(1), Clock.SYSTEM, infeasibleTimeoutMs,
            EventRecorder.OFF),
        new PolicyGlobalScheduler(gcs, transport, new LeastLoadedSchedulingPolicy(2), Clock.SYSTEM, infeasibleTimeoutMs,
            EventRecorder.OFF),
        new PolicyGlobalScheduler(gcs, transport, new LeastLoadedSchedulingPolicy(3), Clock.SYSTEM, infeasibleTimeoutMs,
            EventRecorder.OFF)));
  }
}
