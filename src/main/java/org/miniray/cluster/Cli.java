package org.miniray.cluster;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.miniray.transport.netty.Protocol;
import org.miniray.gcs.remote.RemoteGcs;
import org.miniray.transport.netty.ClusterToken;
import org.miniray.transport.netty.RpcConfig;
import org.miniray.transport.netty.RpcException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * The {@code miniray} command: start a head or a node in the background, show the cluster's
 * status, stop what was started on this machine. State (the cluster token, the head's address,
 * the processes started, their logs) lives in {@code ~/.miniray}, or {@code --home}.
 */
@Command(name = "miniray", mixinStandardHelpOptions = true, version = "miniray 0.1",
    description = "Start, inspect and stop a miniray cluster.",
    subcommands = {StartCommand.class, StatusCommand.class, StopCommand.class, TimelineCommand.class,
        GraphCommand.class, JobsCommand.class, MemoryCommand.class, ZooKeeperCommand.class})
public final class Cli implements Callable<Integer> {

  @Option(names = "--home", description = "state directory (default: ~/.miniray)", scope = CommandLine.ScopeType.INHERIT)
  Path home = Path.of(System.getProperty("user.home"), ".miniray");

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code (0 on success). */
  public static int run(String... args) {
    return new CommandLine(new Cli()).setExecutionExceptionHandler(Cli::explain).execute(args);
  }

  /**
   * Bad input (a missing token file, a malformed address) and the expected failures of a cluster
   * (nothing listening at an address, a token the head refuses, a file that cannot be read) are
   * one line naming them, not a stack trace; anything else is a bug and keeps its trace.
   */
  private static int explain(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) throws Exception {
    if (e instanceof IllegalArgumentException) {
      cmd.getErr().println("miniray " + cmd.getCommandName() + ": " + e.getMessage());
      return 2;
    }
    if (e instanceof RpcException || e instanceof IOException || e instanceof java.io.UncheckedIOException
        || e instanceof UnsupportedOperationException) {
      cmd.getErr().println("miniray " + cmd.getCommandName() + ": " + e.getMessage());
      return 1;
    }
    throw e;
  }

  @Override
  public Integer call() {
    CommandLine.usage(this, System.out);
    return 0;
  }

  Path tokenFile() {
    return home.resolve("cluster.token");
  }

  Path headFile() {
    return home.resolve("head.address");
  }

  Path processesFile() {
    return processesFile(home);
  }

  /**
   * Where the processes started with state directory {@code home} are listed, one pid a line in the
   * order they started (the head first): what {@code miniray stop} stops, and whose CPU time
   * {@code make bench-refcount} reads.
   */
  public static Path processesFile(Path home) {
    return home.resolve("processes");
  }

  /**
   * The GCS of the head at {@code address} (HOST:PORT, or several: whichever is the active head),
   * for a command that is not a member of the cluster.
   */
  RemoteGcs connectGcs(String address) throws IOException {
    List<InetSocketAddress> heads = ClusterProcess.parseAddresses(address);
    ClusterToken token = ClusterToken.readFrom(tokenFile());
    return RemoteGcs.connect(Protocol.codec(),
        RpcConfig.defaults(), token, heads);
  }

  /** The address of the head started from this home if a process listens there, else null. */
  String headAnswering() throws IOException {
    if (!Files.exists(headFile())) {
      return null;
    }
    String where = Files.readString(headFile()).trim();
    InetSocketAddress a = ProcessNetwork.parse(where);
    if (a == null) {
      return null;
    }
    try (Socket s = new Socket()) {
      s.connect(a, 1_000);
      return where;
    } catch (IOException nobody) {
      return null;
    }
  }

  /** {@code address} if given, else the address of the head started from this home; a clear error if neither. */
  String headAddress(String address) throws IOException {
    if (address != null) {
      return address;
    }
    if (!Files.exists(headFile())) {
      throw new IllegalArgumentException("no --address given and no head started from " + home);
    }
    return Files.readString(headFile()).trim();
  }

}
