package org.miniray.figures;

import java.util.List;

/** Every figure of the paper's evaluation that {@code make figures} knows of, in the paper's order. */
final class Figures {
  private Figures() {}

  static List<Figure> all() {
    return List.of(
        new Fig8aLocality(),
        new Fig8bScaling(),
        new Fig9ObjectStore(),
        new Fig10aGcsFailover(),
        new Fig11aNodeChurn(),
        new Fig11bActorRecovery(),
        new Fig12bAllreduce());
  }
}
