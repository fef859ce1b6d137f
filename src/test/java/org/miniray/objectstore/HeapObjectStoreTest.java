package org.miniray.objectstore;

class HeapObjectStoreTest extends ObjectStoreContractTest {
  @Override
  protected ObjectStore create(long capacityBytes) {
    return new HeapObjectStore(capacityBytes);
  }
}
