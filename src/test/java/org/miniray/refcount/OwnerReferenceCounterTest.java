package org.miniray.refcount;

class OwnerReferenceCounterTest extends ReferenceCounterContractTest {
  @Override
  protected ReferenceCounter create(boolean followsBorrowers, ReferenceCounter.Effects effects) {
    return new OwnerReferenceCounter(followsBorrowers, effects);
  }
}
