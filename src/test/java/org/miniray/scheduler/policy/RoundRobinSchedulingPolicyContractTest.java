package org.miniray.scheduler.policy;

class RoundRobinSchedulingPolicyContractTest extends SchedulingPolicyContractTest {
  @Override
  protected SchedulingPolicy create(long seed) {
    return new RoundRobinSchedulingPolicy(seed);
  }
}
