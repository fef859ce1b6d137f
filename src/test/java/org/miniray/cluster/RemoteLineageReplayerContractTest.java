package org.miniray.cluster;

import java.util.concurrent.CompletableFuture;
import org.miniray.events.EventRecorder;
import org.miniray.id.ObjectId;
import org.miniray.lineage.LineageReplayer;
import org.miniray.lineage.LineageReplayerContractTest;
import org.miniray.lineage.TaskTableLineageReplayer;
import org.miniray.serialization.SerializedObject;
import org.miniray.task.TaskSpec;

/**
 * The lineage-replayer contract over {@link RemoteLineageReplayer}, as another process sees the
 * head's: every question crosses a Netty connection on the loopback to a server that answers it
 * with a {@link TaskTableLineageReplayer} ({@link RemoteLineageReplayer#serveOn}).
 */
class RemoteLineageReplayerContractTest extends LineageReplayerContractTest {
  @Override
  protected LineageReplayer createReplayer() {
    TaskTableLineageReplayer head = new TaskTableLineageReplayer(gcs, global, serializer, EventRecorder.OFF);
    LoopbackHead loopback = new LoopbackHead(handlers -> RemoteLineageReplayer.serveOn(handlers, head));
    RemoteLineageReplayer remote = new RemoteLineageReplayer(loopback.client());
    return new LineageReplayer() {
      @Override
      public CompletableFuture<SerializedObject> reconstruct(ObjectId id) {
        return remote.reconstruct(id);
      }

      @Override
      public CompletableFuture<Boolean> attemptFailed(TaskSpec spec, String why) {
        return remote.attemptFailed(spec, why);
      }

      @Override
      public void close() {
        remote.close();
        loopback.close();
        head.close();
      }
    };
  }
}
