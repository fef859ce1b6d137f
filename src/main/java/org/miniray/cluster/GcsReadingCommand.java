package org.miniray.cluster;

import java.util.concurrent.Callable;
import org.miniray.gcs.remote.RemoteGcs;
import picocli.CommandLine;

/** A command that prints what a running cluster's GCS holds, read through its head ({@code status}, {@code jobs}). */
abstract class GcsReadingCommand implements Callable<Integer> {
  @CommandLine.ParentCommand
  Cli cli;

  @CommandLine.Mixin
  HeadOption head;

  @Override
  public final Integer call() throws Exception {
    String where = head.resolve(cli);
    try (RemoteGcs gcs = cli.connectGcs(where)) {
      return read(where, gcs);
    }
  }

  /** Prints what this command shows of the cluster whose head is at {@code where}; the exit code. */
  abstract int read(String where, RemoteGcs gcs) throws Exception;
}
