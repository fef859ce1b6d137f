package org.miniray.bench;

import java.io.PrintStream;

/**
 * The line that shows a workload running, one update per round: on a terminal each update
 * overwrites the last ({@code \r}), elsewhere (CI logs, files) each is printed on its own line.
 */
final class Progress {
  private final PrintStream out;
  private final boolean terminal;
  private int lastLength;

  Progress(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  void update(String line) {
    if (terminal) {
      out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
      lastLength = line.length();
    } else {
      out.println(line);
    }
    out.flush();
  }

  /** Ends the workload's line with its final state. */
  void finish(String line) {
    update(line);
    if (terminal) {
      out.println();
      lastLength = 0;
    }
  }
}
