package org.miniray.bench;

import java.time.Duration;
import java.util.Optional;

/**
 * CPU time a process has used (user and system, all its threads), as the operating system tells it
 * ({@link ProcessHandle.Info#totalCpuDuration}, on Linux from {@code /proc}, in clock ticks of 10 ms).
 * A benchmark's rate on a shared machine moves with what else runs; the CPU time its processes spend on a
 * fixed amount of work moves much less, so an A/B of two settings can be read from it when rates scatter.
 */
final class ProcessCpu {
  private ProcessCpu() {}

  /** The CPU time of process {@code pid} so far, in nanoseconds, if it runs and the system tells it. */
  static Optional<Long> nanos(long pid) {
    return ProcessHandle.of(pid).flatMap(h -> h.info().totalCpuDuration()).map(Duration::toNanos);
  }

  /** The CPU time of this JVM so far, in nanoseconds, if the system tells it. */
  static Optional<Long> ofThisJvm() {
    return nanos(ProcessHandle.current().pid());
  }
}
