package org.miniray.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.miniray.api.ActorHandle;
import org.miniray.api.Ray;
import outside.Mode;
import outside.Sample;

/**
 * Values of the JDK and of libraries (a Guava {@code ImmutableList}, a {@code TreeMap}, a record
 * holding a {@code double[]}, an enum) passed through tasks, actors and {@code put} as a Ray
 * program passes them; run on each deployment ({@link LibraryValuesTest}, and the cluster of
 * processes' test).
 */
public final class LibraryValues {
  private LibraryValues() {}

  public static ImmutableList<Integer> doubled(ImmutableList<Integer> in) {
    return in.stream().map(x -> 2 * x).collect(ImmutableList.toImmutableList());
  }

  public static TreeMap<String, Integer> plusOne(TreeMap<String, Integer> in) {
    TreeMap<String, Integer> out = new TreeMap<>();
    in.forEach((k, v) -> out.put(k, v + 1));
    return out;
  }

  public static Sample scaled(Sample s, Mode mode) {
    double[] v = s.values().clone();
    for (int i = 0; i < v.length; i++) {
      v[i] *= mode == Mode.FAST ? 2 : 3;
    }
    return new Sample(s.name() + "/" + mode, v);
  }

  /** An actor keeping the values it was given. */
  public static final class Keeper {
    private final List<Object> kept = new java.util.ArrayList<>();

    public int keep(Object value) {
      kept.add(value);
      return kept.size();
    }

    public List<Object> all() {
      return kept;
    }
  }

  /** Runs every kind of value through a task, an actor and put; fails on the first difference. */
  public static void passThroughTasksActorsAndPut(long timeoutMs) {
    ImmutableList<Integer> list = ImmutableList.of(1, 2, 3);
    assertThat(Ray.task(LibraryValues::doubled, list).remote().get(timeoutMs)).isEqualTo(ImmutableList.of(2, 4, 6));
    TreeMap<String, Integer> map = new TreeMap<>(Map.of("b", 1, "a", 2));
    assertThat(Ray.task(LibraryValues::plusOne, map).remote().get(timeoutMs))
        .isEqualTo(new TreeMap<>(Map.of("b", 2, "a", 3))).isInstanceOf(TreeMap.class);
    Sample s = Ray.task(LibraryValues::scaled, new Sample("w", new double[] {1.5, -2}), Mode.SAFE).remote()
        .get(timeoutMs);
    assertThat(s.name()).isEqualTo("w/safe");
    assertThat(s.values()).containsExactly(4.5, -6.0);

    ActorHandle<Keeper> keeper = Ray.actor(Keeper::new).remote();
    for (Object v : List.of(list, map, Mode.FAST)) {
      keeper.task(Keeper::keep, v).remote();
    }
    assertThat(keeper.task(Keeper::all).remote().get(timeoutMs)).containsExactly(list, map, Mode.FAST);

    assertThat(Ray.put(list).get(timeoutMs)).isEqualTo(list);
    assertThat(Ray.put(map).get(timeoutMs)).isEqualTo(map);
    assertThat(Ray.put(Mode.SAFE).get(timeoutMs)).isSameAs(Mode.SAFE);
    assertThat(Ray.put(new Sample("p", new double[] {0.25})).get(timeoutMs).values()).containsExactly(0.25);
  }
}
