package org.miniray.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.miniray.events.Event;
import org.miniray.events.TraceWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code miniray timeline}: every process's events as a Chrome trace, for Perfetto. */
@Command(name = "timeline", mixinStandardHelpOptions = true,
    description = "Write the cluster's timeline (every node's and worker's events) as Chrome trace JSON: "
        + "open it in ui.perfetto.dev or chrome://tracing.")
final class TimelineCommand implements Callable<Integer> {
  @CommandLine.ParentCommand
  Cli cli;

  @CommandLine.Mixin
  HeadOption head;

  @Option(names = {"-o", "--output"}, defaultValue = "timeline.json",
      description = "the file to write (default ${DEFAULT-VALUE})")
  Path output;

  @Override
  public Integer call() throws Exception {
    List<Event> events = ClusterEvents.fromCli(cli, head.resolve(cli));
    Files.writeString(output, TraceWriter.write(events));
    long nodes = events.stream().map(Event::node).distinct().count();
    System.out.println("Wrote " + events.size() + " events of " + nodes + " node" + (nodes == 1 ? "" : "s")
        + " to " + output + ": open it in https://ui.perfetto.dev (Open trace file) or chrome://tracing.");
    return 0;
  }
}
