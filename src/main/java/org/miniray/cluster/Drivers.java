package org.miniray.cluster;

import java.nio.file.Path;
import org.miniray.config.Keys;
import org.miniray.config.MinirayConfig;
import org.miniray.runtime.Deployment;
import org.miniray.task.ResourceSet;
import org.miniray.transport.netty.ClusterToken;

/** How {@code Ray.init("HOST:PORT")} joins a cluster: as a driver process with no resources of its own. */
public final class Drivers {
  private Drivers() {}

  public static Deployment connect(MinirayConfig config, String address) {
    ClusterToken token = ClusterToken.readFrom(Path.of(config.get(Keys.TOKEN_FILE)));
    return ClusterProcess.join(config, ClusterProcess.Role.DRIVER, ClusterProcess.parseAddress(address), "127.0.0.1",
        0, ResourceSet.EMPTY, token);
  }
}
