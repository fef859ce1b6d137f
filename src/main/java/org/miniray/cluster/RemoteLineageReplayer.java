package org.miniray.cluster;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.miniray.id.ObjectId;
import org.miniray.lineage.LineageReplayer;
import org.miniray.serialization.SerializedObject;
import org.miniray.task.TaskSpec;
import org.miniray.transport.netty.Protocol.AttemptFailed;
import org.miniray.transport.netty.Protocol.Message;
import org.miniray.transport.netty.WireClient;
import org.miniray.transport.netty.WireHandlers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The head's lineage replayer, seen from another process. Every process asks the same one, on
 * the head beside the global scheduler, so its one decision thread still runs a lost task once
 * per loss however many processes wait for the object, and the retry counts of the whole
 * cluster are kept in one place (the process that holds the GCS).
 *
 * <p>When the head cannot be reached, {@link #reconstruct} fails (its caller asks again) and
 * {@link #attemptFailed} answers "no retry".
 */
final class RemoteLineageReplayer implements LineageReplayer {
  private static final Logger log = LoggerFactory.getLogger(RemoteLineageReplayer.class);

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
  public boolean attemptFailed(TaskSpec spec, String why) {
    try {
      Boolean retried = head.<Boolean>call(Message.ATTEMPT_FAILED, new AttemptFailed(spec, why), ATTEMPT_FAILED_TIMEOUT)
          .get(ATTEMPT_FAILED_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
      return Boolean.TRUE.equals(retried);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (Exception e) {
      log.warn("cannot ask the head to retry {}: {}", spec, e.toString());
      return false;
    }
  }

  /** On the head: answers this protocol's requests with the head's own replayer. */
  static void serveOn(WireHandlers handlers, LineageReplayer lineage) {
    handlers.answer(Message.RECONSTRUCT, (from, id) -> lineage.reconstruct((ObjectId) id))
        .answer(Message.ATTEMPT_FAILED, (from, m) -> {
          AttemptFailed a = (AttemptFailed) m;
          return CompletableFuture.completedFuture(lineage.attemptFailed(a.spec(), a.why()));
        });
  }
}
