package org.miniray.scheduler.global;

import org.miniray.common.Clock;
import org.miniray.events.EventRecorder;
import org.miniray.gcs.Gcs;
import org.miniray.scheduler.policy.LeastLoadedSchedulingPolicy;
import org.miniray.transport.Transport;

/** The global-scheduler contract over {@link PolicyGlobalScheduler} (with the least-loaded policy). */
class PolicyGlobalSchedulerContractTest extends GlobalSchedulerContractTest {
  @Override
  protected boolean addsTheRowAsItAccepts() {
    return true;
  }

  @Override
  protected GlobalScheduler createScheduler(Gcs gcs, Transport transport, long infeasibleTimeoutMs) {
    return new PolicyGlobalScheduler(gcs, transport, new LeastLoadedSchedulingPolicy(1), Clock.SYSTEM,
        infeasibleTimeoutMs, EventRecorder.OFF);
  }
}
