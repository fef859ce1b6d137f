package org.miniray.cluster;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.miniray.gcs.zookeeper.EmbeddedZooKeeper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code miniray zookeeper}: one member of a ZooKeeper ensemble for the GCS. */
@Command(name = "zookeeper", mixinStandardHelpOptions = true,
    description = {"Run one server of a ZooKeeper ensemble, in the foreground, until killed.",
        "Start one process per server, each with its --id and the same --ensemble; then "
            + "`miniray start --head --gcs zk://ENSEMBLE`. Server i listens for clients on the i-th address, "
            + "for its peers on that port + " + EmbeddedZooKeeper.PEER_PORT_OFFSET + " and for elections on that "
            + "port + " + EmbeddedZooKeeper.ELECTION_PORT_OFFSET + "."})
final class ZooKeeperCommand implements Callable<Integer> {
  @CommandLine.ParentCommand
  Cli cli;

  @Option(names = "--id", required = true, description = "this server's number, 1 to the ensemble's size")
  int id;

  @Option(names = "--ensemble", required = true, description = "client HOST:PORT of every server, in id order, "
      + "comma-separated, e.g. 127.0.0.1:2181,127.0.0.1:2182,127.0.0.1:2183")
  String ensemble;

  @Option(names = "--data-dir", description = "its snapshots and transaction log (default: HOME/zookeeper-ID)")
  Path dataDir;

  @Option(names = "--tick-ms", defaultValue = "200", description = "ZooKeeper's tick, its unit of time: sessions "
      + "last 2 to 20 ticks, and a short tick makes failover quick (default ${DEFAULT-VALUE})")
  int tickMillis;

  @Override
  public Integer call() throws Exception {
    List<InetSocketAddress> servers = new ArrayList<>();
    for (String h : ensemble.split(",", -1)) {
      try {
        servers.add(ClusterProcess.parseAddress(h.trim()));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(new CommandLine(this), "--ensemble: " + e.getMessage());
      }
    }
    if (id < 1 || id > servers.size()) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--id " + id + " is not between 1 and "
          + servers.size() + ", the number of servers --ensemble lists");
    }
    // No admin web server (it would want port 8080 in every process); "srvr" tells who leads.
    System.setProperty("zookeeper.admin.enableServer", "false");
    System.setProperty("zookeeper.4lw.commands.whitelist", "srvr,ruok");
    Path dir = dataDir != null ? dataDir : cli.home.resolve("zookeeper-" + id);
    System.out.println("ZooKeeper server " + id + " of " + servers.size() + " on " + servers.get(id - 1)
        + ", data in " + dir);
    EmbeddedZooKeeper.runEnsembleMember(id, servers, dir, tickMillis);
    return 0;
  }
}
