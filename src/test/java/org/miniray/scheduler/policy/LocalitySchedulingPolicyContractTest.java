package org.miniray.scheduler.policy;

class LocalitySchedulingPolicyContractTest extends SchedulingPolicyContractTest {
  @Override
  protected SchedulingPolicy create(long seed) {
    return new LocalitySchedulingPolicy(seed);
  }
}
