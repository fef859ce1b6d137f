package org.miniray.transport;

/** The transport contract over {@link InJvmTransport}: nodes bound and called in one JVM. */
class InJvmTransportContractTest extends TransportContractTest {
  @Override
  protected Fixture createFixture() {
    InJvmTransport t = new InJvmTransport();
    return new Fixture() {
      @Override
      public Transport hosting() {
        return t;
      }

      @Override
      public Transport calling() {
        return t;
      }

      @Override
      public void close() {
        t.close();
      }
    };
  }
}
