package org.miniray.bench;

/** The descriptive half of a {@link Workload}, so that each workload class is only its round. */
abstract class NamedWorkload implements Workload {
  private final String name;
  private final String unit;
  private final boolean higherIsBetter;
  private final Goal goal;
  private final Double rayFigure;

  NamedWorkload(String name, String unit, boolean higherIsBetter, Goal goal, Double rayFigure) {
    this.name = name;
    this.unit = unit;
    this.higherIsBetter = higherIsBetter;
    this.goal = goal;
    this.rayFigure = rayFigure;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String unit() {
    return unit;
  }

  @Override
  public final boolean higherIsBetter() {
    return higherIsBetter;
  }

  @Override
  public final Goal goal() {
    return goal;
  }

  @Override
  public final Double rayFigure() {
    return rayFigure;
  }

  @Override
  public String toString() {
    return name;
  }
}
