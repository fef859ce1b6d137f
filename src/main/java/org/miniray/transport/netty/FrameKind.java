package org.miniray.transport.netty;

/** The second byte of every frame: what the frame is for. The codes are part of the wire format. */
enum FrameKind {
  /** Server to client, first frame on a connection: the server's 32-byte nonce. */
  CHALLENGE(1),
  /** Client to server: the client's nonce, then HMAC(token, "miniray-client" | serverNonce | clientNonce). */
  PROOF(2),
  /** Server to client: HMAC(token, "miniray-server" | clientNonce | serverNonce); the connection is open. */
  ACCEPT(3),
  /** Server to client: the proof was wrong; the server closes the connection after this frame. */
  REJECT(4),
  /** A call expecting a RESPONSE or ERROR_RESPONSE with the same request id. */
  REQUEST(10),
  /** The result of a REQUEST. */
  RESPONSE(11),
  /** The REQUEST failed: the body holds the remote exception's class and message. */
  ERROR_RESPONSE(12),
  /** A message needing no answer (including a server's push to a client). */
  ONE_WAY(13),
  /** A slice of a message too big for one frame; see {@link ChunkHandler}. */
  CHUNK(14),
  /** Either side, when it has sent nothing for a while: proof of life; see {@link KeepAliveHandler}. No body. */
  PING(15);

  final byte code;

  FrameKind(int code) {
    this.code = (byte) code;
  }

  /** The kind with this code, or null if there is none. */
  static FrameKind fromCode(byte code) {
    for (FrameKind k : values()) {
      if (k.code == code) {
        return k;
      }
    }
    return null;
  }

  /** Whether a frame of this kind can be larger than a chunk and so be sent as CHUNK frames. */
  boolean isMessage() {
    return this == REQUEST || this == RESPONSE || this == ERROR_RESPONSE || this == ONE_WAY;
  }
}
