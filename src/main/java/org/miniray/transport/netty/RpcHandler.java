package org.miniray.transport.netty;

import java.util.concurrent.CompletableFuture;

/**
 * What a process does with the messages it receives: a server's requests and one-way messages, or
 * a client's pushes from its server.
 *
 * <p>The rules: every method runs on a Netty event-loop thread, one message of a connection at a
 * time, in arrival order. So it must return promptly and never block (no sleeping, no waiting on
 * another call's future, no disk I/O): start slow work elsewhere and return a future that that work
 * completes. Exceptions thrown here, and failed futures, never close the connection: a failed
 * request is answered with an error naming the exception's class and message, and a failed one-way
 * message is logged. The {@code body} arrays belong to the handler.
 */
public interface RpcHandler {

  /**
   * Answers a request; the future's value is the response body: a {@code byte[]}, or an
   * {@link org.miniray.serialization.ObjectReader} whose bytes are read chunk by chunk as they are
   * sent (and which is closed once they are, or when the connection closes first).
   */
  CompletableFuture<?> onRequest(RpcConnection from, int type, byte[] body);

  /** Takes a message that needs no answer (on a client: a push from the server). */
  void onOneWay(RpcConnection from, int type, byte[] body);

  /** The authenticated connection {@code c} has closed; its pending calls have already failed. */
  default void onDisconnect(RpcConnection c) {}

  /** A handler for clients that expect no pushes: it fails requests and logs nothing. */
  static RpcHandler none() {
    return new RpcHandler() {
      @Override
      public CompletableFuture<byte[]> onRequest(RpcConnection from, int type, byte[] body) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("this process serves no requests"));
      }

      @Override
      public void onOneWay(RpcConnection from, int type, byte[] body) {}
    };
  }
}
