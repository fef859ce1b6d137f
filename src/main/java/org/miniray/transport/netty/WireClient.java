package org.miniray.transport.netty;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.miniray.common.DebugCounts;
import org.miniray.serialization.WireCodec;
import org.miniray.transport.netty.Protocol.Message;

/**
 * How every stub sends a {@link Protocol} message: a typed body, encoded once, over one
 * connection. A request's reply comes back decoded (or raw, for a message whose reply is raw
 * bytes); a body of the wrong type or a message of the wrong kind is the caller's bug and throws
 * at once, naming the message.
 */
public final class WireClient {
  private final RpcClient client;
  private final WireCodec codec;
  // The messages sent in batches on this connection (batchSending), by the message of one item.
  private volatile Map<Message, MessageBatch<Object>> batched = Map.of();

  public WireClient(RpcClient client, WireCodec codec) {
    this.client = client;
    this.codec = codec;
  }

  /** The connection underneath, for its event loop and its reconnection hook. */
  public RpcClient connection() {
    return client;
  }

  public WireCodec codec() {
    return codec;
  }

  /**
   * Sends {@code message} one-way as {@code body}; a message sent in batches on this connection
   * ({@link #batchSending}) is queued for the connection's event loop instead. Any other message
   * first sends what such batches hold, so batching never reorders a connection's messages.
   */
  public void send(Message message, Object body) {
    Map<Message, MessageBatch<Object>> b = batched;
    if (!b.isEmpty()) {
      MessageBatch<Object> batch = b.get(message);
      if (batch != null) {
        batch.add(checked(message, body), this);
        return;
      }
      sendBatched(b);
    }
    sendNow(message, body);
  }

  /** Sends at once, past any batch (what a batch sends goes this way). */
  void sendNow(Message message, Object body) {
    DebugCounts.count("send", message.name());
    client.send(message.number(), oneWay(codec, message, body));
  }

  /**
   * From now on the {@code form.one()} messages sent on this connection go in batches ({@link
   * MessageBatch}): those sent while the connection's event loop sends the previous ones go
   * together in one {@code form.many()} message; a lone one goes alone, with no wait.
   */
  @SuppressWarnings("unchecked")
  public synchronized void batchSending(MessageBatch.Form<?> form) {
    if (batched.containsKey(form.one())) {
      throw new IllegalStateException(form.one().describe() + " is already sent in batches on this connection");
    }
    Map<Message, MessageBatch<Object>> more = new EnumMap<>(Message.class);
    more.putAll(batched);
    more.put(form.one(), new MessageBatch<>((MessageBatch.Form<Object>) form, () -> this));
    batched = Map.copyOf(more);
  }

  private void sendBatched(Map<Message, MessageBatch<Object>> b) {
    for (MessageBatch<Object> batch : b.values()) {
      batch.sendAll(this);
    }
  }

  /** Pushes the one-way {@code message}, as {@code body}, from a server to the client at the other end of {@code to}. */
  public static void push(RpcConnection to, WireCodec codec, Message message, Object body) {
    DebugCounts.count("send", message.name());
    to.send(message.number(), oneWay(codec, message, body));
  }

  private static byte[] oneWay(WireCodec codec, Message message, Object body) {
    if (!message.mayBeOneWay()) {
      throw new IllegalArgumentException(message.describe() + " is a request, not a one-way message");
    }
    return codec.encode(checked(message, body));
  }

  /** Sends the request {@code message} with {@code body}; its reply, decoded. */
  public <R> CompletableFuture<R> call(Message message, Object body) {
    return call(message, body, null);
  }

  /** As {@link #call(Message, Object)}, failing after {@code timeout} (null: the connection's default). */
  @SuppressWarnings("unchecked")
  public <R> CompletableFuture<R> call(Message message, Object body, Duration timeout) {
    if (!message.mayBeRequest()) {
      throw new IllegalArgumentException(message.describe() + " is one-way, not a request");
    }
    RpcException lost = sendBatchedBeforeACall(message);
    if (lost != null) {
      return CompletableFuture.failedFuture(lost); // as the call itself would have failed
    }
    byte[] bytes = codec.encode(checked(message, body));
    CompletableFuture<byte[]> reply = timeout == null ? client.call(message.number(), bytes)
        : client.call(message.number(), bytes, timeout);
    return message.rawReply() ? (CompletableFuture<R>) reply : reply.thenApply(b -> (R) codec.decode(b));
  }

  /**
   * Sends the request {@code message}, whose reply is raw bytes, with {@code body}; a reply that
   * comes in chunks goes into the body {@code receiver} gives for its length, if it gives one, and
   * the future then completes with an empty array (see {@link org.miniray.transport.BodySink}).
   */
  public CompletableFuture<byte[]> callInto(Message message, Object body,
      java.util.function.IntFunction<org.miniray.transport.BodySink.Body> receiver) {
    if (!message.mayBeRequest() || !message.rawReply()) {
      throw new IllegalArgumentException(message.describe() + " is not a request answered with raw bytes");
    }
    RpcException lost = sendBatchedBeforeACall(message);
    if (lost != null) {
      return CompletableFuture.failedFuture(lost); // as the call itself would have failed
    }
    return client.call(message.number(), codec.encode(checked(message, body)), receiver);
  }

  /**
   * Before request {@code message}: sends what batches hold, so the request does not overtake them, and
   * counts the request; the error if the connection failed them, else null.
   */
  private RpcException sendBatchedBeforeACall(Message message) {
    Map<Message, MessageBatch<Object>> queued = batched;
    if (!queued.isEmpty()) {
      try {
        sendBatched(queued);
      } catch (RpcException e) {
        return e;
      }
    }
    DebugCounts.count("send", message.name());
    return null;
  }

  /** {@code body} if it is what {@code message} carries (and, a {@link Protocol.Checked} body, if it holds together). */
  static Object checked(Message message, Object body) {
    if (body == null ? message.body() != Void.class && message.body().isPrimitive()
        : message.body() == Void.class || !message.body().isInstance(body)) {
      throw new IllegalArgumentException(message.describe() + " carries a " + message.body().getSimpleName()
          + ", not " + (body == null ? "null" : "a " + body.getClass().getName()));
    }
    if (body instanceof Protocol.Checked c) {
      c.check();
    }
    return body;
  }
}
