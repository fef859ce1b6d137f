package org.miniray.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A driver listens where the cluster can reach it: on the address it reaches the head from. */
class DriversTest {

  @Test
  void aDriverOfALoopbackHeadListensOnLoopback() {
    assertThat(Drivers.listenHost(new InetSocketAddress("127.0.0.1", 6379))).isEqualTo("127.0.0.1");
    assertThat(Drivers.listenHost(new InetSocketAddress("localhost", 6379))).isEqualTo("127.0.0.1");
  }

  @Test
  void aDriverOfAHeadOnTheNetworkListensOnTheAddressThatReachesIt() throws SocketException {
    Optional<InetAddress> mine = networkAddress();
    assumeThat(mine).as("this machine has a network address").isPresent();
    assertThat(Drivers.listenHost(new InetSocketAddress(mine.get(), 6379))).isEqualTo(mine.get().getHostAddress());
  }

  private static Optional<InetAddress> networkAddress() throws SocketException {
    for (NetworkInterface i : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (i.isUp() && !i.isLoopback()) {
        for (InetAddress a : Collections.list(i.getInetAddresses())) {
          if (a instanceof Inet4Address && !a.isLinkLocalAddress()) {
            return Optional.of(a);
          }
        }
      }
    }
    return Optional.empty();
  }
}
