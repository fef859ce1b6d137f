package org.miniray.cluster;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code miniray stop}: the processes started from this machine. */
@Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the processes started from this machine.")
final class StopCommand implements Callable<Integer> {
  @CommandLine.ParentCommand
  Cli cli;

  @Override
  public Integer call() throws Exception {
    if (!Files.exists(cli.processesFile())) {
      System.out.println("Nothing to stop.");
      return 0;
    }
    int stopped = 0;
    for (String line : Files.readAllLines(cli.processesFile(), StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      Optional<ProcessHandle> h = ProcessHandle.of(Long.parseLong(line.trim()));
      if (h.isPresent() && h.get().isAlive()) {
        h.get().destroy();
        try {
          h.get().onExit().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
          h.get().destroyForcibly();
        }
        stopped++;
      }
    }
    Files.delete(cli.processesFile());
    Files.deleteIfExists(cli.headFile());
    System.out.println("Stopped " + stopped + " process" + (stopped == 1 ? "" : "es") + ".");
    return 0;
  }
}
