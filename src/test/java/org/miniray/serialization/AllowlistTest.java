package org.miniray.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import evil.Gadget;
import evil.GadgetMap;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.junit.jupiter.api.Test;
import org.miniray.config.ConfigException;
import org.miniray.config.Keys;
import org.miniray.config.MinirayConfig;
import outside.Mode;
import outside.Sample;
import outside.nested.Point;

class AllowlistTest {

  @Test
  void builtInValuesAreAllowedAndOthersAreNot() {
    Allowlist a = new Allowlist();
    assertThat(a.isAllowed("java.lang.String")).isTrue();
    assertThat(a.isAllowed(List.of(1, 2, 3).getClass().getName())).isTrue(); // ImmutableCollections$ListN
    assertThat(a.isAllowed(Map.of().getClass().getName())).isTrue();
    assertThat(a.isAllowed("org.miniray.id.ObjectId")).isTrue();
    assertThat(a.isAllowed("java.lang.Runtime")).isFalse();
    assertThat(a.isAllowed("java.lang.ProcessBuilder")).isFalse();
    assertThat(a.isAllowed("evil.Gadget")).isFalse();
  }

  @Test
  void enumsRecordsAndCollectionsOfTheJdkAndGuavaAreAllowedByTheirShape() {
    Allowlist a = new Allowlist();
    for (Class<?> c : List.of(Sample.class, Point.class, Mode.class, Mode.SAFE.getClass(), Sample[].class,
        TreeMap.class, PriorityQueue.class, EnumMap.class, ConcurrentSkipListMap.class,
        ImmutableList.of(1, 2, 3).getClass(), ImmutableMap.of("a", 1).getClass())) {
      assertThat(a.isAllowed(c.getName())).as(c.getName()).isTrue();
    }
  }

  @Test
  void classesAttacksAreMadeOfStayRefused() {
    Allowlist a = new Allowlist();
    for (String c : List.of(GadgetMap.class.getName(), "javax.management.BadAttributeValueExpException",
        "java.util.concurrent.ThreadPoolExecutor", "java.lang.reflect.Proxy", "java.util.Comparator",
        "java.beans.EventHandler", "no.such.Thing")) {
      assertThat(a.isAllowed(c)).as(c).isFalse();
    }
  }

  @Test
  void arraysAreAllowedWhenTheirElementClassIs() {
    Allowlist a = new Allowlist();
    assertThat(a.isAllowed(String[].class.getName())).isTrue();
    assertThat(a.isAllowed(Integer[][].class.getName())).isTrue();
    assertThat(a.isAllowed(Gadget[].class.getName())).isFalse();
    assertThat(a.isAllowed(Gadget[][].class.getName())).isFalse();
    assertThat(a.isAllowed("Ljava.lang.String;")).as("element notation outside an array").isFalse();
  }

  @Test
  void primitivesAndPrimitiveArraysAreAlwaysAllowed() {
    Allowlist a = new Allowlist();
    for (Class<?> c : List.of(int.class, double.class, boolean.class, int[].class, long[][].class, byte[].class)) {
      assertThat(a.isAllowed(c.getName())).as(c.getName()).isTrue();
    }
  }

  @Test
  void packagePrefixCoversSubpackagesButNotLookalikes() {
    Allowlist a = new Allowlist().allow("outside.*");
    assertThat(a.isAllowed(Point.class.getName())).isTrue();
    assertThat(a.isAllowed("outside.Top")).isTrue();
    assertThat(a.isAllowed("outsider.Thing")).isFalse();
    assertThat(a.isAllowed("outside")).isFalse();
  }

  @Test
  void exactNameAllowsOnlyThatClass() {
    Allowlist a = new Allowlist().allow("com.acme.Point");
    assertThat(a.isAllowed("com.acme.Point")).isTrue();
    assertThat(a.isAllowed("com.acme.Point$Inner")).isFalse();
    assertThat(a.isAllowed("com.acme.PointEvil")).isFalse();
    assertThat(new Allowlist().allow("com.acme.Outer$*").isAllowed("com.acme.Outer$Inner")).isTrue();
  }

  @Test
  void commaListAddsEveryEntryAndIgnoresBlanks() {
    Allowlist a = new Allowlist().allow(" com.acme.A , ,com.other.*,, ");
    assertThat(a.isAllowed("com.acme.A")).isTrue();
    assertThat(a.isAllowed("com.other.deep.B")).isTrue();
    assertThat(a.isAllowed("com.acme.B")).isFalse();
    assertThat(a.isAllowed("")).isFalse();
  }

  @Test
  void wildcardsOtherThanTrailingDotStarAreRejected() {
    for (String bad : List.of("*", "com.acme*", "com.*.Point", ".*")) {
      assertThatThrownBy(() -> new Allowlist().allow(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + bad + "'");
    }
  }

  @Test
  void allowPackageOfAllowsTheWholePackage() {
    Allowlist a = new Allowlist().allowPackageOf(Gadget.class);
    assertThat(a.isAllowed("evil.Gadget")).isTrue();
    assertThat(a.isAllowed("evil.Other")).isTrue();
    assertThat(new Allowlist().allowPackageOf(Point[].class).isAllowed("outside.nested.Point")).isTrue();
  }

  @Test
  void configuredEntriesReachTheSerializer() {
    Serializer s = Serializers.selector().create(MinirayConfig.of(Map.of(Keys.ALLOWLIST.name(), "evil.*")));
    assertThat(s).isInstanceOf(ForySerializer.class);
    assertThat(s.allowlist().isAllowed("evil.Gadget")).isTrue();
    assertThatThrownBy(() -> Serializers.selector().create(MinirayConfig.of(Map.of(Keys.ALLOWLIST.name(), "*"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining(Keys.ALLOWLIST.name());
  }
}
