package org.miniray.serialization;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.miniray.task.ResourceSet;

/**
 * For the tests of a {@link ProtocolCodec} table: the classes a message type can reach (what its
 * table must list), and random messages of a type (what its round trip is checked on).
 */
public final class ProtocolTypes {
  private ProtocolTypes() {}

  /** Types Fory writes itself, by its own ids: no table lists them. */
  private static final Set<Class<?>> FORY_BUILT_IN = Set.of(String.class, Boolean.class, Byte.class, Short.class,
      Character.class, Integer.class, Long.class, Float.class, Double.class, Void.class, List.class, Set.class,
      Map.class, Collection.class, Optional.class, StackTraceElement.class);

  /** What a walk found: the classes a table must list, and the slots whose declared type says nothing (Object). */
  public record Reach(Set<Class<?>> classes, Set<String> openSlots) {}

  /**
   * Every class reachable from {@code roots} through record components, the fields of final
   * classes, a sealed interface's permitted classes, type arguments and array elements, except
   * primitives and Fory's built-in types.
   */
  public static Reach reachableFrom(Collection<? extends Type> roots) {
    Set<Class<?>> seen = new LinkedHashSet<>();
    Set<String> open = new LinkedHashSet<>();
    Deque<Type> todo = new ArrayDeque<>(roots);
    Map<Type, String> where = new HashMap<>();
    while (!todo.isEmpty()) {
      Type t = todo.pop();
      if (t instanceof ParameterizedType p) {
        todo.push(p.getRawType());
        for (Type a : p.getActualTypeArguments()) {
          where.putIfAbsent(a, where.get(t));
          todo.push(a);
        }
      } else if (t instanceof GenericArrayType g) {
        todo.push(g.getGenericComponentType());
      } else if (t instanceof WildcardType w) {
        todo.addAll(List.of(w.getUpperBounds()));
      } else if (t instanceof TypeVariable<?> v) {
        todo.addAll(List.of(v.getBounds()));
      } else if (t instanceof Class<?> c) {
        if (c == Object.class) {
          open.add(where.getOrDefault(t, "a root"));
        } else if (c.isArray()) {
          todo.push(c.getComponentType());
        } else if (!c.isPrimitive() && !FORY_BUILT_IN.contains(c) && seen.add(c)) {
          for (Map.Entry<String, Type> part : parts(c).entrySet()) {
            if (part.getValue() == Object.class) {
              open.add(part.getKey());
            } else {
              where.putIfAbsent(part.getValue(), part.getKey());
              todo.push(part.getValue());
            }
          }
        }
      }
    }
    seen.removeIf(c -> c.isInterface() && c.isSealed()); // never written: only their records are
    return new Reach(seen, open);
  }

  private static Map<String, Type> parts(Class<?> c) {
    Map<String, Type> parts = new HashMap<>();
    if (c.isRecord()) {
      for (RecordComponent rc : c.getRecordComponents()) {
        parts.put(c.getName() + "." + rc.getName(), rc.getGenericType());
      }
    } else if (c.isSealed()) {
      for (Class<?> sub : c.getPermittedSubclasses()) {
        parts.put(c.getName() + " permits " + sub.getSimpleName(), sub);
      }
    } else if (!c.isEnum() && !c.isInterface()) {
      for (Field f : c.getDeclaredFields()) {
        if (!Modifier.isStatic(f.getModifiers()) && !Modifier.isTransient(f.getModifiers())) {
          parts.put(c.getName() + "." + f.getName(), f.getGenericType());
        }
      }
    }
    return parts;
  }

  /**
   * A random value of {@code type}: every record built through its canonical constructor (one
   * that refuses its random components is tried again), null in place of a reference now and
   * then. {@code openSlot} gives a value for a slot declared as {@code Object} (by its name,
   * {@code Class.component}).
   */
  public static Object random(Type type, Random random, Function<String, Object> openSlot) {
    return new Sampler(random, openSlot).value(type, "a root", 0);
  }

  private record Sampler(Random random, Function<String, Object> openSlot) {
    private static final int MAX_DEPTH = 4;

    Object value(Type type, String slot, int depth) {
      if (type instanceof ParameterizedType p) {
        Class<?> raw = (Class<?>) p.getRawType();
        Type[] args = p.getActualTypeArguments();
        int n = depth >= MAX_DEPTH ? 0 : random.nextInt(3);
        if (raw == Optional.class) {
          return random.nextBoolean() ? Optional.empty() : Optional.of(value(args[0], slot, depth + 1));
        }
        if (List.class.isAssignableFrom(raw) || raw == Collection.class) {
          List<Object> list = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            list.add(value(args[0], slot, depth + 1));
          }
          return random.nextBoolean() ? List.copyOf(list) : list;
        }
        if (Set.class.isAssignableFrom(raw)) {
          Set<Object> set = new HashSet<>();
          for (int i = 0; i < n; i++) {
            set.add(value(args[0], slot, depth + 1));
          }
          return random.nextBoolean() ? Set.copyOf(set) : set;
        }
        if (Map.class.isAssignableFrom(raw)) {
          Map<Object, Object> map = new HashMap<>();
          for (int i = 0; i < n; i++) {
            map.put(value(args[0], slot, depth + 1), value(args[1], slot, depth + 1));
          }
          return random.nextBoolean() ? Map.copyOf(map) : map;
        }
        return value(raw, slot, depth);
      }
      Class<?> c = (Class<?>) type;
      if (c == Object.class) {
        return openSlot.apply(slot);
      }
      if (c == long.class || c == Long.class) {
        return random.nextLong();
      }
      if (c == int.class || c == Integer.class) {
        return random.nextInt(1000);
      }
      if (c == double.class || c == Double.class) {
        return random.nextDouble();
      }
      if (c == boolean.class || c == Boolean.class) {
        return random.nextBoolean();
      }
      if (c == byte.class || c == Byte.class) {
        return (byte) random.nextInt(4); // small: bytes in records are codes (an encoding, say)
      }
      if (c == String.class) {
        return random.nextInt(8) == 0 ? "" : "s" + Long.toString(random.nextLong(), 36) + (random.nextBoolean() ? "é" : "");
      }
      if (c == byte[].class) {
        byte[] b = new byte[random.nextInt(40)];
        random.nextBytes(b);
        return b;
      }
      if (c.isEnum()) {
        Object[] constants = c.getEnumConstants();
        return constants[random.nextInt(constants.length)];
      }
      if (c == StackTraceElement.class) {
        return new StackTraceElement("a.B", "m" + random.nextInt(9), "B.java", random.nextInt(300));
      }
      if (c == ResourceSet.class) {
        return random.nextBoolean() ? ResourceSet.EMPTY
            : ResourceSet.of(Map.of(ResourceSet.CPU, (double) (1 + random.nextInt(4)), "custom", 0.5));
      }
      if (c.isSealed()) {
        Class<?>[] subs = c.getPermittedSubclasses();
        return value(subs[random.nextInt(subs.length)], slot, depth);
      }
      if (c.isRecord()) {
        return record(c, depth);
      }
      throw new IllegalArgumentException("no sample for " + c.getName() + " (" + slot + "): teach ProtocolTypes one");
    }

    private Object record(Class<?> c, int depth) {
      RecordComponent[] rcs = c.getRecordComponents();
      Class<?>[] types = new Class<?>[rcs.length];
      for (int i = 0; i < rcs.length; i++) {
        types[i] = rcs[i].getType();
      }
      IllegalArgumentException refused = null;
      for (int attempt = 0; attempt < 50; attempt++) {
        Object[] args = new Object[rcs.length];
        for (int i = 0; i < rcs.length; i++) {
          boolean mayBeNull = !rcs[i].getType().isPrimitive() && depth > 0 && random.nextInt(6) == 0;
          args[i] = mayBeNull || depth >= MAX_DEPTH && rcs[i].getType() == c ? null
              : value(rcs[i].getGenericType(), c.getName() + "." + rcs[i].getName(), depth + 1);
        }
        try {
          Constructor<?> k = c.getDeclaredConstructor(types);
          k.setAccessible(true);
          return k.newInstance(args);
        } catch (InvocationTargetException e) {
          if (e.getCause() instanceof IllegalArgumentException | e.getCause() instanceof NullPointerException) {
            refused = new IllegalArgumentException(e.getCause());
            continue;
          }
          throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      }
      throw new IllegalStateException("no random " + c.getName() + " its constructor accepts", refused);
    }
  }
}
