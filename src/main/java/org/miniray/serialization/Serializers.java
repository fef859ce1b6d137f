package org.miniray.serialization;

import org.miniray.config.ComponentSelector;
import org.miniray.config.Keys;

/** Chooses the {@link Serializer} named by {@code miniray.serializer}. */
public final class Serializers {
  private Serializers() {}

  /** Built-in names: {@code fory} ({@link ForySerializer}). */
  public static ComponentSelector<Serializer> selector() {
    return new ComponentSelector<>(Serializer.class, Keys.SERIALIZER)
        .builtIn("fory", ForySerializer::new);
  }
}
