package org.miniray.cluster;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.miniray.common.Clock;
import org.miniray.gcs.ActorEntry;
import org.miniray.gcs.JobEntry;
import org.miniray.gcs.JobSummary;
import org.miniray.gcs.remote.RemoteGcs;
import org.miniray.task.TaskStatus;
import picocli.CommandLine.Command;

/** {@code miniray jobs}: the GCS job table, with each job's tasks by status and its actors. */
@Command(name = "jobs", mixinStandardHelpOptions = true,
    description = "List the cluster's jobs (one per driver program, numbered in order as Ray numbers them: "
        + "01000000 is job 1): state, driver, start, end or running time, tasks by status, actors. "
        + "`miniray graph --job ID` draws one.")
final class JobsCommand extends GcsReadingCommand {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

  @Override
  int read(String where, RemoteGcs gcs) throws Exception {
    List<JobSummary> jobs = JobSummary.read(gcs, Duration.ofSeconds(30));
    System.out.print(render(where, jobs, Clock.SYSTEM.epochMillis(), ZoneId.systemDefault()));
    return 0;
  }

  /** The listing, one line per job and one per actor under it; times in {@code zone}. */
  static String render(String where, List<JobSummary> jobs, long nowMillis, ZoneId zone) {
    long running = jobs.stream().filter(j -> !j.job().state().isEnded()).count();
    StringBuilder out = new StringBuilder();
    out.append("Cluster at ").append(where).append(": ").append(jobs.size()).append(jobs.size() == 1 ? " job" : " jobs")
        .append(", ").append(running).append(" running\n");
    if (jobs.isEmpty()) {
      return out.append("No driver has joined yet: run one with Ray.init(\"").append(where).append("\").\n").toString();
    }
    String row = "%-9s %-9s %-34s %-20s %-20s %-30s %s%n";
    out.append(String.format(Locale.ROOT, row, "job", "state", "driver (pid)", "start", "end (duration)",
        "tasks by status; actor calls", "entry point"));
    for (JobSummary s : jobs) {
      JobEntry j = s.job();
      String end = (j.state().isEnded() ? end(j, zone) : "running") + " (" + seconds(j.durationMillis(nowMillis)) + ")";
      out.append(String.format(Locale.ROOT, row, j.id(), j.state(), j.info().driver() + " (" + j.info().pid() + ")",
          time(j.info().startMillis(), zone), end, tasks(s.tasks()) + calls(s),
          j.info().entryPoint() == null ? "-" : j.info().entryPoint()));
      for (ActorEntry a : s.actors()) {
        out.append(String.format(Locale.ROOT, "          actor %s %s%s: %s%s%n", a.id(),
            a.creationSpec().function().className(), a.name() == null ? "" : " \"" + a.nameFor(j.id()) + "\"", a.state(),
            a.node() == null ? "" : " on " + a.node()));
      }
    }
    return out.toString();
  }

  private static String tasks(Map<TaskStatus, Integer> byStatus) {
    if (byStatus.isEmpty()) {
      return "none";
    }
    return byStatus.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().name().toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(", "));
  }

  private static String calls(JobSummary s) {
    return s.actorCalls() == 0 ? "" : "; " + s.actorCalls() + " actor call" + (s.actorCalls() == 1 ? "" : "s");
  }

  /** The end's time of day, and its date too when that is not the start's. */
  private static String end(JobEntry j, ZoneId zone) {
    String start = time(j.info().startMillis(), zone);
    String end = time(j.endMillis(), zone);
    return start.substring(0, 10).equals(end.substring(0, 10)) ? end.substring(11) : end;
  }

  private static String time(long epochMillis, ZoneId zone) {
    return TIME.format(Instant.ofEpochMilli(epochMillis).atZone(zone));
  }

  private static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }
}
