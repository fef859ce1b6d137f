package org.miniray.objectstore;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This JVM's direct memory, which the store's slabs ({@link SlabPool}) and the network's buffers
 * (Netty's) share: a store must leave the sockets their part.
 */
final class DirectMemory {
  private static final Logger log = LoggerFactory.getLogger(DirectMemory.class);

  private DirectMemory() {}

  /** {@code -XX:MaxDirectMemorySize}, or the heap's maximum when it is not set (the JDK's default). */
  static long limitBytes() {
    long heap = Runtime.getRuntime().maxMemory();
    try {
      HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      long set = Long.parseLong(vm.getVMOption("MaxDirectMemorySize").getValue());
      return set > 0 ? set : heap;
    } catch (RuntimeException notHotSpot) {
      return heap;
    }
  }

  /**
   * The capacity a store of this process can honour: {@code configured}, but at most half the
   * direct memory limit. A store allowed all of it (2 GiB by default, in a JVM of {@code -Xmx1g})
   * starved the sockets, which then closed their connections in the middle of a job. Lowering it is
   * logged, naming both figures.
   */
  static long storeCapacity(long configured) {
    long limit = limitBytes() / 2;
    if (configured <= limit) {
      return configured;
    }
    log.info("object store capacity lowered from {} MiB to {} MiB: half this JVM's direct memory limit "
        + "(-XX:MaxDirectMemorySize, by default -Xmx), which the network's buffers share",
        configured >> 20, limit >> 20);
    return limit;
  }
}
