/**
 * RPC between the processes of a cluster over TCP, with Netty: requests and responses, one-way
 * messages, and a server's pushes to its clients, each a (type, body) pair. Every type, its
 * receiver, whether it is one-way and its body and reply types are listed in one table,
 * {@link org.miniray.transport.netty.Protocol}, which also lists every class a body may hold
 * ({@code Protocol.CLASSES}, each encoded as its fixed id by the process's
 * {@link org.miniray.serialization.WireCodec}, {@code Protocol.codec()}); stubs send them through a
 * {@link org.miniray.transport.netty.WireClient} and each process serves them with
 * {@link org.miniray.transport.netty.WireHandlers}. {@link org.miniray.transport.netty.NettyTransport}
 * is the node messages' stub and server. {@link org.miniray.transport.netty.RpcServer} serves an
 * {@link org.miniray.transport.netty.RpcHandler}; {@link org.miniray.transport.netty.RpcClient}
 * calls it; {@link org.miniray.transport.netty.RpcConnection} is one connection seen from either
 * end. This is the wire under the paper's distributed components (section 4.2: the GCS, the
 * schedulers and the object stores of different nodes talk by RPC).
 *
 * <h2>Why every connection authenticates first</h2>
 * Ray's own cluster API accepted jobs from anyone who could reach its port; in 2023 attackers found
 * exposed clusters and ran their code on them ("ShadowRay", CVE-2023-48022). So here no message is
 * read from a connection until the peer has proven it holds the cluster's
 * {@link org.miniray.transport.netty.ClusterToken}, and servers bind 127.0.0.1 unless told otherwise.
 *
 * <h2>Wire format</h2>
 * A connection is a sequence of frames, in both directions:
 * <pre>
 *   length   4 bytes, big-endian, unsigned: N, the bytes that follow (at least 12, at most maxFrameLength)
 *   version  1 byte: 1 (a peer speaking another version is disconnected)
 *   kind     1 byte: CHALLENGE 1, PROOF 2, ACCEPT 3, REJECT 4,
 *                    REQUEST 10, RESPONSE 11, ERROR_RESPONSE 12, ONE_WAY 13, CHUNK 14, PING 15
 *   type     2 bytes, unsigned: the message type, a Protocol.Message number
 *   id       8 bytes: request id; a RESPONSE or ERROR_RESPONSE carries its REQUEST's
 *   body     N - 12 bytes
 * </pre>
 * An ERROR_RESPONSE body is the remote exception's class name (2-byte length, then UTF-8) and its
 * message (UTF-8, to the end). A body larger than chunkSize (1 MiB) travels as CHUNK frames with the
 * message's type and id, each body being: the message's kind (1 byte), its total length (4 bytes),
 * this chunk's offset (4 bytes), the chunk's bytes. Chunks are slices of the sender's array (or,
 * for an object served from a store, read from it one chunk at a time: {@code StreamedBody}) and are
 * written only while the connection is writable; the receiver allocates the whole array once, at
 * the first chunk, or, for a response whose call brought a receiver (a pull into the puller's
 * store: {@link org.miniray.transport.BodySink}), copies each chunk straight into the memory that
 * receiver gives, so a 100 MB body is never held twice on either side. A length prefix outside
 * its limits, an unknown version or kind, or a message above maxMessageSize (1 GiB) closes the
 * connection, with one WARN line naming the peer and the reason.
 *
 * <h2>Handshake</h2>
 * <pre>
 *   server -> client  CHALLENGE  serverNonce (32 random bytes)
 *   client -> server  PROOF      clientNonce, HMAC-SHA256(token, "miniray-client" | serverNonce | clientNonce)
 *   server -> client  ACCEPT     HMAC-SHA256(token, "miniray-server" | clientNonce | serverNonce)
 *                  or REJECT     (empty), then the server closes
 * </pre>
 * The token never crosses the wire, fresh nonces make each proof useless on another connection,
 * and the client checks the server's proof too, so an impostor server is found out as well. Any
 * other frame before the handshake ends, or no end within handshakeTimeout (15 s), closes the
 * connection. Then the handshake handlers leave the pipeline.
 *
 * <h2>Idle connections</h2>
 * A peer that vanishes without closing (power lost, a cable pulled) leaves a half-open
 * connection that TCP may not report for hours. So each side sends a PING frame (empty) when it
 * has sent nothing for a third of idleTimeout (30 s; {@code miniray.rpc.idle.timeout.ms}), and
 * closes a connection on which nothing has arrived for idleTimeout; its pending calls fail, and a
 * client reconnects at its next call ({@link org.miniray.transport.netty.KeepAliveHandler}).
 *
 * <h2>Pipeline</h2>
 * {@link org.miniray.transport.netty.RpcChannelInitializer} lists it top to bottom: length decoder,
 * length encoder, frame codec, handshake, idle-state events, keepalive, chunks, dispatch. Each handler is tested alone with an
 * {@code EmbeddedChannel}; {@code RpcLoopbackTest} tests servers and clients over 127.0.0.1.
 */
package org.miniray.transport.netty;
