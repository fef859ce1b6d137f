package org.miniray.scheduler.policy;

class LeastLoadedSchedulingPolicyContractTest extends SchedulingPolicyContractTest {
  @Override
  protected SchedulingPolicy create(long seed) {
    return new LeastLoadedSchedulingPolicy(seed);
  }
}
