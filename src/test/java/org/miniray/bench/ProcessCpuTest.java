package org.miniray.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What {@code --cpu} reads: a process's CPU time, from the operating system. */
class ProcessCpuTest {

  @Test
  void cpuSpentByThisJvmShowsInItsProcessTime() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long before = ProcessCpu.ofThisJvm().orElseThrow();
    long threadStart = threads.getCurrentThreadCpuTime();
    long spin = 0;
    while (threads.getCurrentThreadCpuTime() - threadStart < TimeUnit.MILLISECONDS.toNanos(300)) {
      spin += Long.numberOfTrailingZeros(spin + System.nanoTime());
    }
    long spent = threads.getCurrentThreadCpuTime() - threadStart;
    long after = ProcessCpu.ofThisJvm().orElseThrow();

    // The process's time counts in clock ticks (10 ms on Linux); this thread alone spent `spent`.
    assertThat(after - before).as("process CPU grew by at least this thread's %d ns (spin %d)", spent, spin)
        .isGreaterThanOrEqualTo(spent - TimeUnit.MILLISECONDS.toNanos(20));
  }

  @Test
  void aProcessThatEndedHasNoCpuTimeToTell() throws Exception {
    Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-version")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("java -version ended").isTrue();

    assertThat(ProcessCpu.nanos(p.pid())).isEmpty();
  }
}
