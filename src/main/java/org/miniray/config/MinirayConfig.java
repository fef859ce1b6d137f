package org.miniray.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The configuration of one miniray process: immutable values for the keys in {@link Keys}.
 *
 * <p>Where a value comes from, first match wins: what code passed to {@link #load(Map)}, a
 * {@code -Dminiray.*} system property, a {@code miniray.properties} file in the working
 * directory or on the classpath, the key's default. An unknown {@code miniray.*} name is an
 * error, so a misspelt key is never silently ignored.
 */
public final class MinirayConfig {
  private static final Pattern PER_NODE = Pattern.compile("miniray\\.node\\.\\d+\\.resources");
  private static final Map<String, ConfigKey<?>> KNOWN = Keys.ALL.stream()
      .collect(Collectors.toMap(ConfigKey::name, k -> k, (a, b) -> a, TreeMap::new));

  private final Map<String, String> text; // name -> text, for every key set anywhere
  private final Map<String, String> source;
  private final Map<ConfigKey<?>, Object> parsed = new java.util.concurrent.ConcurrentHashMap<>();

  private MinirayConfig(Map<String, String> text, Map<String, String> source) {
    this.text = text;
    this.source = source;
  }

  /** Only the defaults and the given values: no system properties, no file. For tests. */
  public static MinirayConfig of(Map<String, String> values) {
    Map<String, String> text = new LinkedHashMap<>();
    Map<String, String> source = new LinkedHashMap<>();
    put(text, source, values, "code");
    return checked(text, source);
  }

  public static MinirayConfig defaults() {
    return of(Map.of());
  }

  /** The full lookup: {@code overrides}, then system properties, then miniray.properties. */
  public static MinirayConfig load(Map<String, String> overrides) {
    Map<String, String> text = new LinkedHashMap<>();
    Map<String, String> source = new LinkedHashMap<>();
    Properties file = readPropertiesFile();
    if (file != null) {
      put(text, source, asMap(file), "miniray.properties");
    }
    Map<String, String> sys = new TreeMap<>();
    System.getProperties().forEach((k, v) -> {
      if (k.toString().startsWith("miniray.")) {
        sys.put(k.toString(), v.toString());
      }
    });
    put(text, source, sys, "system property");
    put(text, source, overrides, "code");
    return checked(text, source);
  }

  private static void put(Map<String, String> text, Map<String, String> source, Map<String, String> values, String from) {
    values.forEach((k, v) -> {
      text.put(k, v);
      source.put(k, from);
    });
  }

  private static MinirayConfig checked(Map<String, String> text, Map<String, String> source) {
    for (String name : text.keySet()) {
      if (!KNOWN.containsKey(name) && !PER_NODE.matcher(name).matches()) {
        throw new ConfigException("unknown configuration key '" + name + "' (from " + source.get(name)
            + "); known keys: " + String.join(", ", KNOWN.keySet()) + ", miniray.node.<i>.resources");
      }
    }
    MinirayConfig c = new MinirayConfig(Map.copyOf(text), Map.copyOf(source));
    for (ConfigKey<?> k : Keys.ALL) {
      c.get(k); // every bad value is reported now, not when some component first reads it
    }
    return c;
  }

  private static Properties readPropertiesFile() {
    Properties p = new Properties();
    Path local = Path.of("miniray.properties");
    try {
      if (Files.isRegularFile(local)) {
        try (Reader r = Files.newBufferedReader(local)) {
          p.load(r);
          return p;
        }
      }
      try (InputStream in = MinirayConfig.class.getClassLoader().getResourceAsStream("miniray.properties")) {
        if (in != null) {
          p.load(in);
          return p;
        }
      }
    } catch (IOException e) {
      throw new ConfigException("cannot read miniray.properties: " + e.getMessage(), e);
    }
    return null;
  }

  private static Map<String, String> asMap(Properties p) {
    Map<String, String> m = new TreeMap<>();
    p.forEach((k, v) -> m.put(k.toString(), v.toString()));
    return m;
  }

  @SuppressWarnings("unchecked")
  public <T> T get(ConfigKey<T> key) {
    return (T) parsed.computeIfAbsent(key, k -> {
      String t = text.get(k.name());
      return t == null ? k.parse(k.defaultText(), "default") : k.parse(t, source.get(k.name()));
    });
  }

  /** The text set for a name (such as a per-node key), or null when nothing set it. */
  public String raw(String name) {
    return text.get(name);
  }

  /** This configuration with one more value set from code. */
  public MinirayConfig with(String name, String value) {
    Map<String, String> t = new LinkedHashMap<>(text);
    Map<String, String> s = new LinkedHashMap<>(source);
    t.put(name, value);
    s.put(name, "code");
    return checked(t, s);
  }

  /** Every value set explicitly, for passing a configuration on to another process. */
  public Map<String, String> explicitValues() {
    return text;
  }

  @Override
  public String toString() {
    return "MinirayConfig" + text;
  }
}
