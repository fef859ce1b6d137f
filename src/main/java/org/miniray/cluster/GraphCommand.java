package org.miniray.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.miniray.events.Event;
import org.miniray.events.GraphWriter;
import org.miniray.events.JobGraph;
import org.miniray.gcs.JobEntry;
import org.miniray.gcs.remote.RemoteGcs;
import org.miniray.id.JobId;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code miniray graph}: a job's computation graph (paper section 3.2) as SVG, DOT or JSON. */
@Command(name = "graph", mixinStandardHelpOptions = true,
    description = "Write a job's computation graph (tasks; data, control and stateful edges). The file's "
        + "extension picks the format: .svg (laid out by Graphviz's dot when installed, else by miniray), "
        + ".dot or .json.")
final class GraphCommand implements Callable<Integer> {
  @CommandLine.ParentCommand
  Cli cli;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin
  HeadOption head;

  @Option(names = {"-o", "--output"}, defaultValue = "graph.svg",
      description = "the file to write: .svg, .dot or .json (default ${DEFAULT-VALUE})")
  Path output;

  @Option(names = "--job", description = "the job, as miniray jobs shows it (01000000) or its number (1); "
      + "default: the newest job that ran a task")
  String job;

  @Override
  public Integer call() throws Exception {
    String name = output.getFileName().toString().toLowerCase(Locale.ROOT);
    String format = name.endsWith(".svg") ? "svg" : name.endsWith(".dot") ? "dot" : name.endsWith(".json") ? "json"
        : null;
    if (format == null) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "-o " + output + ": the file name must end in .svg, .dot or .json (it picks the format)");
    }
    JobId asked = job == null ? null : JobId.parse(job); // a clear error before any connection
    String where = head.resolve(cli);
    if (asked != null) {
      try (RemoteGcs gcs = cli.connectGcs(where)) {
        List<JobEntry> known = gcs.jobTable().all().get(30, TimeUnit.SECONDS);
        if (known.stream().noneMatch(j -> j.id().equals(asked))) {
          System.err.println("miniray graph: the cluster at " + where + " has no job " + asked + " (number "
              + asked.value() + "); its jobs: " + (known.isEmpty() ? "none yet"
              : known.stream().map(j -> j.id().toString()).collect(Collectors.joining(", ")))
              + " (miniray jobs lists them)");
          return 1;
        }
      }
    }
    List<Event> events = ClusterEvents.fromCli(cli, where);
    List<JobId> jobs = JobGraph.jobs(events);
    JobId which;
    if (asked != null) {
      which = asked;
      if (!jobs.contains(which)) {
        System.err.println("miniray graph: the cluster's events hold no task of job " + which + "; jobs seen: " + jobs);
        return 1;
      }
    } else if (jobs.isEmpty()) {
      System.err.println("miniray graph: the cluster has run no task yet (or its nodes record no events)");
      return 1;
    } else {
      which = jobs.get(jobs.size() - 1);
    }
    JobGraph g = JobGraph.of(events, which);
    String how = "";
    String text;
    switch (format) {
      case "dot" -> text = GraphWriter.dot(g);
      case "json" -> text = GraphWriter.json(g);
      default -> {
        Optional<String> byDot = GraphWriter.svgByGraphviz(g);
        how = byDot.isPresent() ? " (laid out by Graphviz)"
            : GraphWriter.graphviz().isPresent() ? " (laid out by miniray: Graphviz's dot failed or took over 30 s)"
            : " (laid out by miniray; install Graphviz for dot's layout)";
        text = byDot.orElseGet(() -> GraphWriter.svg(g));
      }
    }
    Files.writeString(output, text);
    System.out.println("Wrote the graph of job " + which + " (" + g.tasks().size() + " vertices, " + g.edges().size()
        + " edges) to " + output + how + ".");
    return 0;
  }
}
