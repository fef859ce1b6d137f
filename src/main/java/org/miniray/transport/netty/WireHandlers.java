package org.miniray.transport.netty;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.miniray.common.DebugCounts;
import org.miniray.serialization.WireCodec;
import org.miniray.transport.netty.Protocol.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a process serves: for each {@link Protocol} message it takes, the handler that answers or
 * takes it. The parts of a process register their own messages ({@code GcsService},
 * {@code NettyTransport}, the head's schedulers); this class decodes and checks each frame and
 * calls the one handler. A number not in the protocol, a message this process does not serve, a
 * request sent one-way (or the reverse) and a body of the wrong type are refused with an error
 * (or, one-way, a log line) naming what came. The {@link RpcHandler} rules hold for handlers.
 */
public final class WireHandlers implements RpcHandler {
  private static final Logger log = LoggerFactory.getLogger(WireHandlers.class);

  /**
   * Answers a request: the future's value is the reply (for a message whose reply is raw, a
   * {@code byte[]} or an {@link org.miniray.serialization.ObjectReader} to stream).
   */
  @FunctionalInterface
  public interface Answer {
    CompletableFuture<?> answer(RpcConnection from, Object body);
  }

  /** Takes a one-way message. */
  @FunctionalInterface
  public interface Take {
    void take(RpcConnection from, Object body);
  }

  private final String who;
  private final WireCodec codec;
  private final Map<Message, Answer> answers = new EnumMap<>(Message.class);
  private final Map<Message, Take> takes = new EnumMap<>(Message.class);
  private volatile Consumer<RpcConnection> onDisconnect = c -> { };

  /** @param who how errors name this process ("the head", "node n1") */
  public WireHandlers(String who, WireCodec codec) {
    this.who = who;
    this.codec = codec;
  }

  /** Serves the request {@code message} with {@code handler}. Register before the server starts. */
  public synchronized WireHandlers answer(Message message, Answer handler) {
    if (!message.mayBeRequest() || answers.putIfAbsent(message, handler) != null) {
      throw new IllegalStateException(message.describe() + " is one-way or already answered in " + who);
    }
    return this;
  }

  /** Takes the one-way message {@code message} with {@code handler}. Register before the server starts. */
  public synchronized WireHandlers take(Message message, Take handler) {
    if (!message.mayBeOneWay() || takes.putIfAbsent(message, handler) != null) {
      throw new IllegalStateException(message.describe() + " is a request or already taken in " + who);
    }
    return this;
  }

  /** Also runs {@code hook} when a connection closes (after every hook registered before). */
  public synchronized WireHandlers onDisconnect(Consumer<RpcConnection> hook) {
    onDisconnect = onDisconnect.andThen(hook);
    return this;
  }

  @Override
  public CompletableFuture<?> onRequest(RpcConnection from, int type, byte[] body) {
    Message m = Message.of(type);
    Answer a = m == null ? null : answers.get(m);
    if (a == null) {
      return CompletableFuture.failedFuture(new IllegalArgumentException(refusal(m, type, "requests")));
    }
    Object decoded;
    try {
      decoded = WireClient.checked(m, codec.decode(body));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(new IllegalArgumentException(
          "malformed " + m.describe() + " request: " + e.getMessage(), e));
    }
    DebugCounts.count("reply", m.name());
    CompletableFuture<?> reply = a.answer(from, decoded);
    return m.rawReply() ? reply : reply.thenApply(codec::encode); // raw: a byte[] or an ObjectReader
  }

  @Override
  public void onOneWay(RpcConnection from, int type, byte[] body) {
    Message m = Message.of(type);
    Take t = m == null ? null : takes.get(m);
    if (t == null) {
      log.warn("{} sent {}; ignored", from, refusal(m, type, "one-way messages"));
      return;
    }
    Object decoded;
    try {
      decoded = WireClient.checked(m, codec.decode(body));
    } catch (RuntimeException e) {
      log.warn("{} sent a malformed {} message; ignored: {}", from, m.describe(), e.toString());
      return;
    }
    t.take(from, decoded);
  }

  @Override
  public void onDisconnect(RpcConnection c) {
    onDisconnect.accept(c);
  }

  private String refusal(Message m, int type, String kind) {
    if (m == null) {
      return "message type " + type + ", which is not in the protocol (see Protocol.Message)";
    }
    return m.describe() + " (for the " + m.receiver().name().toLowerCase() + "), which " + who
        + " does not take as " + kind;
  }
}
