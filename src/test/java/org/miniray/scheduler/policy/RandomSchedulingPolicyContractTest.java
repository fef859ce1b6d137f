package org.miniray.scheduler.policy;

class RandomSchedulingPolicyContractTest extends SchedulingPolicyContractTest {
  @Override
  protected SchedulingPolicy create(long seed) {
    return new RandomSchedulingPolicy(seed);
  }
}
