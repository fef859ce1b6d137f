package org.miniray.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Chooses one implementation of a component interface from a configuration key: the value is
 * a built-in name (for example {@code paper}) or the fully qualified name of a class that
 * implements the interface and has a public constructor taking the component's parts (for a
 * component built from others, see {@link #passing}), a {@link MinirayConfig}, a {@code long}
 * (the seed, {@code miniray.seed}) or no arguments, tried in that order. Anything else is an error that lists the built-in names.
 */
public final class ComponentSelector<T> {
  private final Class<T> type;
  private final ConfigKey<String> key;
  private final Map<String, Function<MinirayConfig, ? extends T>> builtIns = new LinkedHashMap<>();
  private Class<?> partsType; // null unless passing was called
  private Object parts;

  public ComponentSelector(Class<T> type, ConfigKey<String> key) {
    this.type = type;
    this.key = key;
  }

  public ComponentSelector<T> builtIn(String name, Function<MinirayConfig, ? extends T> factory) {
    builtIns.put(name, factory);
    return this;
  }

  /**
   * A component built from other components (a global scheduler from the GCS, the transport and
   * a policy, say) gets them as one record, {@code value}: a class named by the key is given it
   * through a constructor taking {@code type}, tried first.
   */
  public <P> ComponentSelector<T> passing(Class<P> type, P value) {
    this.partsType = type;
    this.parts = value;
    return this;
  }

  public Iterable<String> builtInNames() {
    return builtIns.keySet();
  }

  public T create(MinirayConfig config) {
    return create(config.get(key), config);
  }

  /** Creates the implementation {@code value} names; {@code value} overrides the key's value. */
  public T create(String value, MinirayConfig config) {
    String v = value.trim();
    Function<MinirayConfig, ? extends T> f = builtIns.get(v);
    if (f != null) {
      return f.apply(config);
    }
    if (!v.contains(".")) {
      throw unknown(v, "it is not a built-in name");
    }
    Class<?> c;
    try {
      c = Class.forName(v, true, Thread.currentThread().getContextClassLoader() != null
          ? Thread.currentThread().getContextClassLoader() : ComponentSelector.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw unknown(v, "no class of that name is on the classpath");
    }
    if (!type.isAssignableFrom(c)) {
      throw unknown(v, "class " + c.getName() + " does not implement " + type.getName());
    }
    try {
      // Non-public classes and constructors are accepted too: a student's class need not be public.
      for (Constructor<?> k : c.getDeclaredConstructors()) {
        if (partsType != null && k.getParameterCount() == 1 && k.getParameterTypes()[0] == partsType) {
          k.setAccessible(true);
          return type.cast(k.newInstance(parts));
        }
      }
      for (Constructor<?> k : c.getDeclaredConstructors()) {
        if (k.getParameterCount() == 1 && k.getParameterTypes()[0] == MinirayConfig.class) {
          k.setAccessible(true);
          return type.cast(k.newInstance(config));
        }
      }
      for (Constructor<?> k : c.getDeclaredConstructors()) {
        if (k.getParameterCount() == 1 && k.getParameterTypes()[0] == long.class) {
          k.setAccessible(true);
          return type.cast(k.newInstance(config.get(Keys.SEED)));
        }
      }
      Constructor<?> none = c.getDeclaredConstructor();
      none.setAccessible(true);
      return type.cast(none.newInstance());
    } catch (NoSuchMethodException e) {
      throw unknown(v, "class " + c.getName() + " has no constructor taking "
          + (partsType == null ? "" : partsType.getName() + ", ") + "MinirayConfig, long or nothing");
    } catch (InvocationTargetException e) {
      throw new ConfigException(key.name() + " = '" + v + "': its constructor failed: " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw unknown(v, "it cannot be instantiated (" + e + ")");
    }
  }

  private ConfigException unknown(String v, String why) {
    return new ConfigException(key.name() + " = '" + v + "' names no " + type.getSimpleName() + ": " + why
        + ". Built-in names: " + String.join(", ", builtIns.keySet())
        + "; or give the fully qualified name of a class implementing " + type.getName() + ".");
  }
}
