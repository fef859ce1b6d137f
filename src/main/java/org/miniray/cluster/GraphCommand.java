package org.miniray.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.miniray.events.Event;
import org.miniray.events.GraphWriter;
import org.miniray.events.JobGraph;
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

  @Option(names = "--address", description = "HOST:PORT of the head (default: the head started here)")
  String address;

  @Option(names = {"-o", "--output"}, defaultValue = "graph.svg",
      description = "the file to write: .svg, .dot or .json (default ${DEFAULT-VALUE})")
  Path output;

  @Option(names = "--job", description = "the job's number (default: the newest job)")
  Integer job;

  @Override
  public Integer call() throws Exception {
    String name = output.getFileName().toString().toLowerCase(Locale.ROOT);
    String format = name.endsWith(".svg") ? "svg" : name.endsWith(".dot") ? "dot" : name.endsWith(".json") ? "json"
        : null;
    if (format == null) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "-o " + output + ": the file name must end in .svg, .dot or .json (it picks the format)");
    }
    List<Event> events = ClusterEvents.fromCli(cli, address);
    List<JobId> jobs = JobGraph.jobs(events);
    JobId which;
    if (job != null) {
      which = new JobId(job);
      if (!jobs.contains(which)) {
        System.err.println("miniray graph: the cluster's events hold no task of " + which + "; jobs seen: " + jobs);
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
    System.out.println("Wrote the graph of " + which + " (" + g.tasks().size() + " vertices, " + g.edges().size()
        + " edges) to " + output + how + ".");
    return 0;
  }
}
