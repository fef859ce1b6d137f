package org.miniray.transport;

import org.miniray.id.NodeId;

/**
 * The transport contract over {@link FaultyTransport} with no fault switched on, called through
 * a sender's view as nodes call it: it must then behave as the transport it wraps.
 */
class FaultyTransportContractTest extends TransportContractTest {
  @Override
  protected Fixture createFixture() {
    FaultyTransport t = new FaultyTransport(new InJvmTransport(), 42);
    Transport caller = t.from(new NodeId("caller"));
    return new Fixture() {
      @Override
      public Transport hosting() {
        return t;
      }

      @Override
      public Transport calling() {
        return caller;
      }

      @Override
      public void close() {
        t.close();
      }
    };
  }
}
