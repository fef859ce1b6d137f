package org.miniray.config;

import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One configuration key: its name, its default (as text, as it would be written in a
 * properties file), how its text is parsed and checked, and what it means.
 */
public final class ConfigKey<T> {
  private final String name;
  private final String defaultText;
  private final Function<String, T> parser;
  private final Predicate<T> check;
  private final String rule;
  private final String description;

  private ConfigKey(String name, String defaultText, Function<String, T> parser, Predicate<T> check,
      String rule, String description) {
    this.name = name;
    this.defaultText = defaultText;
    this.parser = parser;
    this.check = check;
    this.rule = rule;
    this.description = description;
  }

  public static ConfigKey<String> string(String name, String defaultText, String description) {
    return new ConfigKey<>(name, defaultText, s -> s, s -> true, "", description);
  }

  public static ConfigKey<Integer> integer(String name, int defaultValue, int min, String description) {
    return new ConfigKey<>(name, String.valueOf(defaultValue), Integer::parseInt, v -> v >= min,
        "a whole number >= " + min, description);
  }

  public static ConfigKey<Long> longValue(String name, long defaultValue, long min, String description) {
    return new ConfigKey<>(name, String.valueOf(defaultValue), Long::parseLong, v -> v >= min,
        "a whole number >= " + min, description);
  }

  public static ConfigKey<Double> decimal(String name, String defaultText, double min, String description) {
    return new ConfigKey<>(name, defaultText, Double::parseDouble, v -> Double.isFinite(v) && v >= min,
        "a number >= " + min, description);
  }

  public static ConfigKey<Boolean> bool(String name, boolean defaultValue, String description) {
    return new ConfigKey<>(name, String.valueOf(defaultValue), s -> {
      if (s.equalsIgnoreCase("true")) {
        return true;
      }
      if (s.equalsIgnoreCase("false")) {
        return false;
      }
      throw new IllegalArgumentException("not true or false");
    }, v -> true, "true or false", description);
  }

  /** A key whose text is turned into some other value by {@code parser} (which may throw). */
  public static <T> ConfigKey<T> parsed(String name, String defaultText, Function<String, T> parser,
      String rule, String description) {
    return new ConfigKey<>(name, defaultText, parser, v -> true, rule, description);
  }

  public String name() {
    return name;
  }

  public String defaultText() {
    return defaultText;
  }

  public String description() {
    return description;
  }

  /** Parses and checks {@code text}; a bad value is an error naming the key, the value and the rule. */
  public T parse(String text, String source) {
    T value;
    try {
      value = parser.apply(text.trim());
    } catch (RuntimeException e) {
      throw new ConfigException(describe(text, source) + (rule.isEmpty() ? "" : ": expected " + rule)
          + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), e);
    }
    if (!check.test(value)) {
      throw new ConfigException(describe(text, source) + ": expected " + rule);
    }
    return value;
  }

  private String describe(String text, String source) {
    return "bad value for " + name + " = '" + text + "' (from " + source + ")";
  }

  @Override
  public String toString() {
    return name;
  }
}
