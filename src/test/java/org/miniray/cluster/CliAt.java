package org.miniray.cluster;

import java.nio.file.Path;

/** Runs the {@code miniray} command line in this JVM against one home directory, as the cluster tests do. */
final class CliAt {
  private CliAt() {}

  /** {@code miniray --home HOME ARGS...}; returns its exit code. */
  static int run(Path home, String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--home";
    all[1] = home.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    return Cli.run(all);
  }
}
