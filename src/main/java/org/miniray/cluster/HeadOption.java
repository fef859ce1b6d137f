package org.miniray.cluster;

import java.io.IOException;
import org.miniray.gcs.remote.RemoteGcs;
import picocli.CommandLine.Option;

/**
 * The {@code --address} option of the commands that read a running cluster ({@code status},
 * {@code jobs}, {@code graph}, {@code timeline}), mixed into each with {@code @Mixin} (status and
 * jobs through {@link GcsReadingCommand}).
 */
final class HeadOption {
  @Option(names = "--address", description = "HOST:PORT of the head (default: the head started here)")
  String address;

  /** The head to ask: {@code --address}, else the head started from {@code cli}'s home (a clear error if none). */
  String resolve(Cli cli) throws IOException {
    return cli.headAddress(address);
  }

  /** Runs {@code reading} over a connection to the head's GCS, closed after; its exit code. */
  int read(Cli cli, Reading reading) throws Exception {
    String where = resolve(cli);
    try (RemoteGcs gcs = cli.connectGcs(where)) {
      return reading.read(where, gcs);
    }
  }

  /** What a command prints from the GCS of the head at {@code where}. */
  interface Reading {
    int read(String where, RemoteGcs gcs) throws Exception;
  }
}
