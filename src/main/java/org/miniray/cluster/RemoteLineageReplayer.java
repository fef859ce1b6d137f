package org.miniray.cluster;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.miniray.id.ObjectId;
import org.miniray.lineage.LineageReplayer;
import org.miniray.serialization.SerializedObject;
import org.miniray.serialization.WireCodec;
import org.miniray.task.TaskSpec;
import org.miniray.transport.netty.RpcClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The head's lineage replayer, seen from another process. Every process asks the same one, on
 * the head beside the global scheduler, so its one decision thread still runs a lost task once
 * per loss however many processes wait for the object, and the retry counts of the whole
 * cluster are kept in one place (the process that holds the GCS).
 *
 * <p>When the head cannot be reached the answer is "keep waiting" (for {@link #reconstruct}) or
 * "no retry" (for {@link #attemptFailed}): the caller asks again at the next death it hears of.
 */
final class RemoteLineageReplayer implements LineageReplayer {
  private static final Logger log = LoggerFactory.getLogger(RemoteLineageReplayer.class);

  /** Request: an {@link ObjectId}; reply: the error to use in its place (a {@link SerializedObject}), or null. */
  static final int RECONSTRUCT = 220;
  /** Request: an {@link AttemptFailed}; reply: a Boolean, whether the task will run again. */
  static final int ATTEMPT_FAILED = 221;

  private static final Duration ATTEMPT_FAILED_TIMEOUT = Duration.ofSeconds(10);

  /** The body of {@link #ATTEMPT_FAILED}. */
  record AttemptFailed(TaskSpec spec, String why) {}

  private final RpcClient head;
  private final WireCodec codec;

  RemoteLineageReplayer(RpcClient head, WireCodec codec) {
    this.head = head;
    this.codec = codec;
  }

  @Override
  public CompletableFuture<SerializedObject> reconstruct(ObjectId id) {
    return head.call(RECONSTRUCT, codec.encode(id)).thenApply(b -> (SerializedObject) codec.decode(b))
        .exceptionally(t -> {
          log.warn("cannot ask the head whether {} is lost: {}", id, t.toString());
          return null;
        });
  }

  @Override
  public boolean attemptFailed(TaskSpec spec, String why) {
    try {
      byte[] reply = head.call(ATTEMPT_FAILED, codec.encode(new AttemptFailed(spec, why)), ATTEMPT_FAILED_TIMEOUT)
          .get(ATTEMPT_FAILED_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
      return Boolean.TRUE.equals(codec.decode(reply));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (Exception e) {
      log.warn("cannot ask the head to retry {}: {}", spec, e.toString());
      return false;
    }
  }

  /** Whether {@code type} is one of this protocol's requests. */
  static boolean handles(int type) {
    return type == RECONSTRUCT || type == ATTEMPT_FAILED;
  }

  /** On the head: answers a request of this protocol with the head's own replayer. */
  static CompletableFuture<byte[]> serve(LineageReplayer lineage, WireCodec codec, int type, byte[] body) {
    Object message = codec.decode(body);
    if (type == RECONSTRUCT && message instanceof ObjectId id) {
      return lineage.reconstruct(id).thenApply(codec::encode);
    }
    if (type == ATTEMPT_FAILED && message instanceof AttemptFailed a) {
      return CompletableFuture.completedFuture(codec.encode(lineage.attemptFailed(a.spec(), a.why())));
    }
    return CompletableFuture.failedFuture(new IllegalArgumentException(
        "lineage request of type " + type + " carries a " + (message == null ? "null" : message.getClass().getName())));
  }
}
