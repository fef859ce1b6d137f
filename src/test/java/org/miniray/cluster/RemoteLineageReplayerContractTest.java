package org.miniray.cluster;

import java.util.concurrent.CompletableFuture;
import org.miniray.events.EventRecorder;
import org.miniray.id.ObjectId;
import org.miniray.lineage.LineageReplayer;
import org.miniray.lineage.LineageReplayerContractTest;
import org.miniray.lineage.TaskTableLineageReplayer;
import org.miniray.serialization.Allowlist;
import org.miniray.serialization.ForySerializer;
import org.miniray.serialization.SerializedObject;
import org.miniray.serialization.WireCodec;
import org.miniray.task.TaskSpec;
import org.miniray.transport.netty.ClusterToken;
import org.miniray.transport.netty.RpcClient;
import org.miniray.transport.netty.RpcConfig;
import org.miniray.transport.netty.RpcHandler;
import org.miniray.transport.netty.RpcServer;
import org.miniray.transport.netty.WireClient;
import org.miniray.transport.netty.WireHandlers;

/**
 * The lineage-replayer contract over {@link RemoteLineageReplayer}, as another process sees the
 * head's: every question crosses a Netty connection on the loopback to a server that answers it
 * with a {@link TaskTableLineageReplayer} ({@link RemoteLineageReplayer#serveOn}).
 */
class RemoteLineageReplayerContractTest extends LineageReplayerContractTest {
  @Override
  protected LineageReplayer createReplayer() {
    WireCodec codec = new WireCodec(new ForySerializer(new Allowlist()));
    ClusterToken token = ClusterToken.generate();
    TaskTableLineageReplayer head = new TaskTableLineageReplayer(gcs, global, serializer, EventRecorder.OFF);
    WireHandlers handlers = new WireHandlers("the head", codec);
    RemoteLineageReplayer.serveOn(handlers, head);
    RpcServer server = RpcServer.start(RpcConfig.defaults(), token, handlers);
    RpcClient client = RpcClient.connect(RpcConfig.defaults(), token, server.localAddress(), RpcHandler.none());
    RemoteLineageReplayer remote = new RemoteLineageReplayer(new WireClient(client, codec));
    return new LineageReplayer() {
      @Override
      public CompletableFuture<SerializedObject> reconstruct(ObjectId id) {
        return remote.reconstruct(id);
      }

      @Override
      public boolean attemptFailed(TaskSpec spec, String why) {
        return remote.attemptFailed(spec, why);
      }

      @Override
      public void close() {
        remote.close();
        client.close();
        server.close();
        head.close();
      }
    };
  }
}
