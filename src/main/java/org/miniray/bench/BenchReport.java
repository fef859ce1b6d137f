package org.miniray.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The end of a run: the table (median, spread, Ray's published figure and where miniray stands
 * against it) and the
 * JSON files {@code <timestamp>-<mode>.json} and {@code latest-<mode>.json}.
 */
public final class BenchReport {
  /**
   * Pretty-printed as {@code "name": value}; a NaN or an infinity (a figure that could not be
   * measured) is written as {@code null}, since JSON has no such numbers.
   */
  private static final ObjectWriter JSON = new ObjectMapper()
      .registerModule(new SimpleModule("finite-or-null")
          .addSerializer(Double.class, new StdSerializer<>(Double.class) {
            @Override
            public void serialize(Double d, JsonGenerator g, SerializerProvider p) throws IOException {
              writeFiniteOrNull(d, g);
            }
          })
          .addSerializer(double[].class, new StdSerializer<>(double[].class) {
            @Override
            public void serialize(double[] a, JsonGenerator g, SerializerProvider p) throws IOException {
              g.writeStartArray();
              for (double d : a) {
                writeFiniteOrNull(d, g);
              }
              g.writeEndArray();
            }
          }))
      .writer(new DefaultPrettyPrinter().withSeparators(
          Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER)));

  private static void writeFiniteOrNull(double d, JsonGenerator g) throws IOException {
    if (Double.isFinite(d)) {
      g.writeNumber(d);
    } else {
      g.writeNull();
    }
  }

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

  private final BenchMode mode;
  private final Sizes sizes;
  private final ZonedDateTime started;
  private final List<WorkloadResult> results;

  BenchReport(BenchMode mode, Sizes sizes, ZonedDateTime started, List<WorkloadResult> results) {
    this.mode = mode;
    this.sizes = sizes;
    this.started = started;
    this.results = List.copyOf(results);
  }

  public void printTable(PrintStream out) {
    out.printf("%nminiray microbenchmarks, %s mode, %s size, %d CPUs, Java %s (median of %d rounds after %d warm-up)%n",
        mode.label(), sizes.name(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
        sizes.rounds(), sizes.warmups());
    String fmt = "%-28s %12s %-8s %12s %12s %14s  %s%n";
    out.printf(fmt, "workload", "median", "unit", "min", "max", "Ray 64 vCPU", "miniray vs Ray");
    out.println("-".repeat(110));
    for (WorkloadResult r : results) {
      Workload w = r.workload();
      String ray = w.rayFigure() == null ? "" : Numbers.format(w.rayFigure());
      if (!r.ok()) {
        out.printf("%-28s FAILED: %s%n", w.name(), r.error());
        continue;
      }
      Summary s = r.summary();
      out.printf(fmt, w.name(), Numbers.format(s.median()), w.unit(), Numbers.format(s.min()), Numbers.format(s.max()),
          ray, versusRay(w, s.median()));
      for (Map.Entry<String, Summary> e : r.extras().entrySet()) {
        Summary x = e.getValue();
        out.printf(fmt, "  " + e.getKey(), Numbers.format(x.median()), "", Numbers.format(x.min()),
            Numbers.format(x.max()), "", "");
      }
    }
    for (WorkloadResult r : results) {
      if (r.workload().note() != null) {
        out.println("note, " + r.workload().name() + ": " + r.workload().note());
      }
    }
    out.println("Ray's figures are its published microbenchmark results on 64 vCPUs (this machine has "
        + Runtime.getRuntime().availableProcessors() + "), for scale; GB = 1e9 bytes. Dask and Hazelcast on the same "
        + "workloads: make bench-compare.");
  }

  /** How miniray's median compares with Ray's figure: the fraction of Ray's rate, or times Ray's latency. */
  private static String versusRay(Workload w, double median) {
    Double ray = w.rayFigure();
    if (ray == null || !(ray > 0) || !Double.isFinite(median)) {
      return "";
    }
    return w.higherIsBetter() ? String.format(Locale.ROOT, "%.2fx Ray's rate", median / ray)
        : String.format(Locale.ROOT, "%.2fx Ray's time", median / ray);
  }

  /** Writes both JSON files under {@code dir}; returns the timestamped one. */
  public Path writeJson(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(STAMP.format(started) + "-" + mode.label() + ".json");
    Files.writeString(file, JSON.writeValueAsString(toJson()) + "\n", StandardCharsets.UTF_8);
    Files.copy(file, dir.resolve("latest-" + mode.label() + ".json"), StandardCopyOption.REPLACE_EXISTING);
    return file;
  }

  Map<String, Object> toJson() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("suite", "miniray microbenchmarks");
    root.put("mode", mode.label());
    root.put("size", sizes.name());
    root.put("started", started.withZoneSameInstant(ZoneOffset.UTC).toString());
    Map<String, Object> machine = new LinkedHashMap<>();
    machine.put("cpus", Runtime.getRuntime().availableProcessors());
    machine.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
    machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch"));
    root.put("machine", machine);
    root.put("sizes", sizesJson());
    List<Object> workloads = new ArrayList<>();
    for (WorkloadResult r : results) {
      workloads.add(workloadJson(r));
    }
    root.put("workloads", workloads);
    return root;
  }

  private Map<String, Object> sizesJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    for (var c : Sizes.class.getRecordComponents()) {
      try {
        m.put(c.getName(), c.getAccessor().invoke(sizes));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
    return m;
  }

  private static Map<String, Object> workloadJson(WorkloadResult r) {
    Workload w = r.workload();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", w.name());
    m.put("unit", w.unit());
    m.put("better", w.higherIsBetter() ? "higher" : "lower");
    if (!r.ok()) {
      m.put("error", r.error());
      return m;
    }
    putSummary(m, r.summary());
    m.put("rounds", r.rounds());
    if (w.goal() != null) {
      Map<String, Object> g = new LinkedHashMap<>();
      g.put("op", w.goal().atLeast() ? ">=" : "<=");
      g.put("value", w.goal().value());
      g.put("met", r.goalMet());
      m.put("goal", g);
    }
    if (w.rayFigure() != null) {
      m.put("ray_published_64vcpu", w.rayFigure());
    }
    if (!r.extras().isEmpty()) {
      Map<String, Object> extras = new LinkedHashMap<>();
      r.extras().forEach((k, s) -> {
        Map<String, Object> x = new LinkedHashMap<>();
        putSummary(x, s);
        extras.put(k, x);
      });
      m.put("extras", extras);
    }
    if (w.note() != null) {
      m.put("note", w.note());
    }
    return m;
  }

  private static void putSummary(Map<String, Object> m, Summary s) {
    m.put("median", s.median());
    m.put("min", s.min());
    m.put("max", s.max());
    m.put("q1", s.q1());
    m.put("q3", s.q3());
  }
}
