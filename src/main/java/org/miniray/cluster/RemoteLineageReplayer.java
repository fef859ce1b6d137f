package org.miniray.cluster;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.miniray.id.ObjectId;
import org.miniray.lineage.LineageReplayer;
import org.miniray.serialization.SerializedObject;
import org.miniray.task.TaskSpec;
import org.miniray.transport.netty.Protocol.AttemptFailed;
import org.miniray.transport.netty.Protocol.Message;
import org.miniray.transport.netty.WireClient;
import org.miniray.transport.netty.WireHandlers;

/**
 * The head's lineage replayer, seen from another process. Every process asks the same one, on
 * the head beside the global scheduler, so its one decision thread still runs a lost task once
 * per loss however many processes wait for the object, and the retry counts of the whole
 * cluster are spent in one place, the task table, which a head started again reads as its
 * predecessor left it.
 *
 * <p>When the head cannot be reached, {@link #reconstruct} fails (its caller asks again), and so
 * does {@link #attemptFailed} (its caller stores an error saying so).
 */
final class RemoteLineageReplayer implements LineageReplayer {
  private static final Duration ATTEMPT_FAILED_TIMEOUT = Duration.ofSeconds(10);

  private final WireClient head;

  RemoteLineageReplayer(WireClient head) {
    this.head = head;
  }

  @Override
  public CompletableFuture<SerializedObject> reconstruct(ObjectId id) {
    // A question that could not be asked fails, rather than answering "keep waiting": the asker
    // (ObjectFetch) asks again with backoff, since the news that prompted the question (the death
    // of the head that made the object, say) may have come before the connection to the new head.
    return head.call(Message.RECONSTRUCT, id);
  }

  @Override
  public CompletableFuture<Boolean> attemptFailed(TaskSpec spec, String why) {
    return head.<Boolean>call(Message.ATTEMPT_FAILED, new AttemptFailed(spec, why), ATTEMPT_FAILED_TIMEOUT)
        .thenApply(Boolean.TRUE::equals);
  }

  /** On the head: answers this protocol's requests with the head's own replayer. */
  static void serveOn(WireHandlers handlers, LineageReplayer lineage) {
    handlers.answer(Message.RECONSTRUCT, (from, id) -> lineage.reconstruct((ObjectId) id))
        .answer(Message.ATTEMPT_FAILED, (from, m) -> {
          AttemptFailed a = (AttemptFailed) m;
          return lineage.attemptFailed(a.spec(), a.why());
        });
  }
}
