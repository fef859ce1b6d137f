package org.miniray.gcs.remote;

import org.miniray.transport.netty.Protocol;
import org.miniray.common.Clock;
import org.miniray.gcs.Gcs;
import org.miniray.gcs.GcsTables;
import org.miniray.gcs.GcsContractTest;
import org.miniray.gcs.memory.InMemoryGcs;
import org.miniray.serialization.WireCodec;
import org.miniray.transport.netty.ClusterToken;
import org.miniray.transport.netty.RpcConfig;
import org.miniray.transport.netty.RpcServer;
import org.miniray.transport.netty.WireHandlers;

/**
 * The GCS contract over {@link RemoteGcs}, the GCS most processes use: every call crosses a real
 * Netty connection on the loopback to a {@link GcsService} in front of an in-memory GCS, as a
 * node's calls reach the head's.
 */
class RemoteGcsContractTest extends GcsContractTest {

  @Override
  protected Gcs createGcs() {
    return new OverLoopback();
  }

  @Override
  protected Gcs openAnotherClient() {
    return ((OverLoopback) gcs).anotherClient();
  }

  /** A head (in-memory GCS, its service, an RPC server) and a client connected to it; closing closes all. */
  private static final class OverLoopback implements Gcs {
    private final WireCodec codec = Protocol.codec();
    private final ClusterToken token = ClusterToken.generate();
    private final InMemoryGcs head = new InMemoryGcs(4, Clock.SYSTEM);
    private final RpcServer server;
    private final RemoteGcs client;

    OverLoopback() {
      WireHandlers service = new WireHandlers("the head", codec);
      new GcsService(head, codec).serveOn(service);
      server = RpcServer.start(RpcConfig.defaults(), token, service);
      client = RemoteGcs.connect(codec, RpcConfig.defaults(), token, server.localAddress());
    }

    /** A second process's client of the same head; closing it closes only its connection. */
    RemoteGcs anotherClient() {
      return RemoteGcs.connect(codec, RpcConfig.defaults(), token, server.localAddress());
    }

    @Override
    public GcsTables tables() {
      return client.tables();
    }

    @Override
    public void close() {
      client.close();
      server.close();
      head.close();
    }
  }
}
