package org.miniray.refcount;

import org.miniray.id.NodeId;

class OwnerReferenceCounterTest extends ReferenceCounterContractTest {
  @Override
  protected ReferenceCounter create(NodeId self, ReferenceCounter.Effects effects) {
    return new OwnerReferenceCounter(self, effects);
  }
}
