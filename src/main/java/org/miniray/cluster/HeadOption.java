package org.miniray.cluster;

import java.io.IOException;
import picocli.CommandLine.Option;

/**
 * The {@code --address} option of the commands that read a running cluster ({@code status},
 * {@code jobs}, {@code graph}, {@code timeline}), mixed into each with {@code @Mixin} (status and
 * jobs through {@link GcsReadingCommand}).
 */
final class HeadOption {
  @Option(names = "--address", description = "HOST:PORT of the head, or HOST:PORT,HOST:PORT,... of a head and its standbys "
      + "(default: the head started here)")
  String address;

  /** The head to ask: {@code --address}, else the head started from {@code cli}'s home (a clear error if none). */
  String resolve(Cli cli) throws IOException {
    return cli.headAddress(address);
  }
}
