package org.miniray.figures;

import java.util.List;

/** Every figure of the paper's evaluation that {@code make figures} knows of, in the paper's order. */
final class Figures {
  static final String NEEDS_MULTI_PROCESS = "needs the multi-process runtime";
  static final String NEEDS_FAULT_TOLERANCE = "needs fault tolerance";

  private Figures() {}

  static List<Figure> all() {
    return List.of(
        new PendingFigure("fig8a", "Fig. 8a (Ray OSDI'18): locality-aware placement on a 2-node cluster",
            NEEDS_MULTI_PROCESS + " (two real nodes, objects moved between processes)"),
        new Fig8bScaling(),
        new Fig9ObjectStore(),
        new Fig10aGcsFailover(),
        new PendingFigure("fig11a", "Fig. 11a (Ray OSDI'18): task throughput while nodes are removed and added",
            NEEDS_MULTI_PROCESS + " / " + NEEDS_FAULT_TOLERANCE + " (lineage re-execution when a node dies)"),
        new PendingFigure("fig11b", "Fig. 11b (Ray OSDI'18): actor recovery with and without checkpoints",
            NEEDS_FAULT_TOLERANCE + " (actor restart and checkpoints)"),
        new Fig12bAllreduce());
  }
}
