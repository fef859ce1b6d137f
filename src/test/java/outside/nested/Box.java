package outside.nested;

import java.util.Objects;

/** A plain class (neither a record nor an enum) in a package no built-in entry covers. */
public final class Box {
  public int width;
  public int height;

  public Box() {}

  public Box(int width, int height) {
    this.width = width;
    this.height = height;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Box b && b.width == width && b.height == height;
  }

  @Override
  public int hashCode() {
    return Objects.hash(width, height);
  }
}
