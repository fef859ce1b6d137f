package org.miniray.cluster;

import java.util.concurrent.Callable;
import org.miniray.gcs.remote.RemoteGcs;
import org.miniray.transport.netty.RpcException;
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
    RemoteGcs connected;
    try {
      connected = cli.connectGcs(where);
    } catch (RpcException e) {
      throw new RpcException("no head answers at " + where + " (" + e.getMessage() + "). If it died: a GCS inside "
          + "the head (--gcs zookeeper, the default, or memory) went with it, and the cluster's nodes register "
          + "again with a head started at this address; a GCS outside the head (--gcs zk://...) keeps it", e);
    }
    try (RemoteGcs gcs = connected) {
      return read(where, gcs);
    }
  }

  /** Prints what this command shows of the cluster whose head is at {@code where}; the exit code. */
  abstract int read(String where, RemoteGcs gcs) throws Exception;
}
