package org.miniray.transport.netty;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import org.miniray.transport.netty.Protocol.FrameKind;

/**
 * A peer speaking the wire format by hand over a plain socket: what an attacker, a fuzzer or a
 * stalled process looks like to the code under test.
 */
final class RawPeer implements AutoCloseable {
  record RawFrame(int version, int kind, int type, long requestId, byte[] body) {}

  private final Socket socket;
  private final DataInputStream in;
  private final DataOutputStream out;

  RawPeer(Socket socket) throws IOException {
    this.socket = socket;
    socket.setSoTimeout(5_000); // every read in a test is bounded
    in = new DataInputStream(socket.getInputStream());
    out = new DataOutputStream(socket.getOutputStream());
  }

  static RawPeer connect(InetSocketAddress server) throws IOException {
    Socket s = new Socket();
    s.connect(server, 5_000);
    return new RawPeer(s);
  }

  void writeRaw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  void writeFrame(int version, int kind, int type, long requestId, byte[] body) throws IOException {
    out.writeInt(Frame.HEADER_LENGTH + body.length);
    out.writeByte(version);
    out.writeByte(kind);
    out.writeShort(type);
    out.writeLong(requestId);
    out.write(body);
    out.flush();
  }

  void writeFrame(FrameKind kind, int type, long requestId, byte[] body) throws IOException {
    writeFrame(FrameCodec.VERSION, kind.code, type, requestId, body);
  }

  RawFrame readFrame() throws IOException {
    int length = in.readInt();
    int version = in.readUnsignedByte();
    int kind = in.readUnsignedByte();
    int type = in.readUnsignedShort();
    long id = in.readLong();
    byte[] body = new byte[length - Frame.HEADER_LENGTH];
    in.readFully(body);
    return new RawFrame(version, kind, type, id, body);
  }

  /** Plays the client's side of the handshake; returns the server's last frame (ACCEPT or REJECT). */
  RawFrame authenticateAsClient(ClusterToken token) throws IOException {
    RawFrame challenge = readFrame();
    byte[] clientNonce = ClusterToken.randomBytes(ClusterToken.LENGTH);
    byte[] proof = token.prove(ServerHandshakeHandler.CLIENT_LABEL, challenge.body(), clientNonce);
    byte[] body = new byte[2 * ClusterToken.LENGTH];
    System.arraycopy(clientNonce, 0, body, 0, ClusterToken.LENGTH);
    System.arraycopy(proof, 0, body, ClusterToken.LENGTH, ClusterToken.LENGTH);
    writeFrame(FrameKind.PROOF, 0, 0, body);
    return readFrame();
  }

  /** Plays the server's side of the handshake with an honest client. */
  void authenticateAsServer(ClusterToken token) throws IOException {
    byte[] serverNonce = ClusterToken.randomBytes(ClusterToken.LENGTH);
    writeFrame(FrameKind.CHALLENGE, 0, 0, serverNonce);
    RawFrame proof = readFrame();
    byte[] clientNonce = java.util.Arrays.copyOf(proof.body(), ClusterToken.LENGTH);
    writeFrame(FrameKind.ACCEPT, 0, 0, token.prove(ServerHandshakeHandler.SERVER_LABEL, clientNonce, serverNonce));
  }

  /**
   * Reads and drops whatever the other side still sends until it closes the connection; false if
   * it is still open after the socket's 5 s read timeout.
   */
  boolean closedByPeer() throws IOException {
    byte[] sink = new byte[8192];
    try {
      while (in.read(sink) >= 0) {
        // drop
      }
      return true;
    } catch (EOFException | SocketException e) {
      return true; // reset by the peer: closed too
    } catch (SocketTimeoutException e) {
      return false;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
