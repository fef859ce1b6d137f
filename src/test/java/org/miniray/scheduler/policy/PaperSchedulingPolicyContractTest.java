package org.miniray.scheduler.policy;

class PaperSchedulingPolicyContractTest extends SchedulingPolicyContractTest {
  @Override
  protected SchedulingPolicy create(long seed) {
    return new PaperSchedulingPolicy(seed);
  }
}
