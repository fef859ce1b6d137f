package org.miniray.figures;

import java.nio.file.Path;

/**
 * One figure of the paper's evaluation, redone here. {@link #run} measures for real (or, where
 * the id says so, in the simulator) and writes at least one PNG chart, whose title names the
 * paper figure, and the CSV of every plotted point into {@code out}. Never write a number that
 * was not measured in this run.
 */
public interface Figure {

  /** Short name used on the command line, such as {@code fig9}. */
  String id();

  /** The paper figure it redoes, as a chart title starts: {@code Fig. 9 (Ray OSDI'18): ...}. */
  String paperFigure();

  /** Measures and writes the chart(s) and CSV(s) into {@code out}; {@code quick} runs a tiny version. */
  void run(Path out, boolean quick) throws Exception;
}
