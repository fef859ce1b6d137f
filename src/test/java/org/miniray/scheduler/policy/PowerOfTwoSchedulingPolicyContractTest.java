package org.miniray.scheduler.policy;

class PowerOfTwoSchedulingPolicyContractTest extends SchedulingPolicyContractTest {
  @Override
  protected SchedulingPolicy create(long seed) {
    return new PowerOfTwoSchedulingPolicy(seed);
  }
}
