package org.miniray.figures;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Command line of {@code make figures}: runs the figures (all, or those named by {@code --only})
 * and writes their PNGs and CSVs into {@code --out}. Pending figures are reported as skipped,
 * with the reason.
 */
@Command(name = "miniray-figures", mixinStandardHelpOptions = true,
    description = "Redoes the Ray paper's evaluation figures on this machine: a PNG and a CSV each.")
public final class FiguresMain implements Callable<Integer> {

  @Option(names = "--only", split = ",", description = "figure ids to run, such as fig9,fig8b (default: all)")
  List<String> only = new ArrayList<>();

  @Option(names = "--quick", description = "tiny runs (a minute or two in all), for development")
  boolean quick;

  @Option(names = "--out", defaultValue = "target/figures", description = "output directory (default ${DEFAULT-VALUE})")
  Path out;

  private final List<Figure> figures;

  /** What one invocation did: figures written, and pending ones skipped with their reasons. */
  record Outcome(List<String> ran, List<String> skipped) {}

  private Outcome outcome = new Outcome(List.of(), List.of());

  public FiguresMain() {
    this(Figures.all());
  }

  FiguresMain(List<Figure> figures) {
    this.figures = List.copyOf(figures);
  }

  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    // exit, not return: ZooKeeper's embedded servers leave non-daemon threads behind.
    System.exit(new CommandLine(new FiguresMain()).execute(args));
  }

  Outcome outcome() {
    return outcome;
  }

  @Override
  public Integer call() throws Exception {
    Set<String> known = figures.stream().map(Figure::id).collect(Collectors.toCollection(LinkedHashSet::new));
    for (String id : only) {
      if (!known.contains(id.trim())) {
        System.err.println("unknown figure '" + id + "': use one of " + String.join(", ", known));
        return 2;
      }
    }
    List<String> ran = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (Figure f : figures) {
      if (!only.isEmpty() && only.stream().noneMatch(id -> id.trim().equals(f.id()))) {
        continue;
      }
      if (f instanceof PendingFigure p) {
        System.out.println("skipped " + p.id() + " (" + p.paperFigure() + "): pending: " + p.reason());
        skipped.add(p.id());
        continue;
      }
      System.out.println("running " + f.id() + ": " + f.paperFigure() + (quick ? " [quick]" : ""));
      long t0 = System.nanoTime();
      f.run(out, quick);
      System.out.printf("done    %s in %.1f s%n", f.id(), (System.nanoTime() - t0) / 1e9);
      ran.add(f.id());
    }
    outcome = new Outcome(List.copyOf(ran), List.copyOf(skipped));
    System.out.println("figures in " + out.toAbsolutePath() + ": ran " + ran + ", skipped " + skipped);
    return 0;
  }
}
