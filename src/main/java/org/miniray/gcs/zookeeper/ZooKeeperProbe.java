package org.miniray.gcs.zookeeper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Asks a ZooKeeper server what it is doing with the {@code srvr} four-letter command, the one
 * ZooKeeper answers by default ({@code zookeeper.4lw.commands.whitelist}). A server answers with
 * a {@code Mode:} line only while it serves clients: not while it elects a leader or syncs with one.
 */
final class ZooKeeperProbe {
  private ZooKeeperProbe() {}

  /** What {@link #ask} learned. */
  enum State {
    /** It has a quorum and takes sessions now. */
    SERVING,
    /** It answers, but elects or syncs: a session would be refused. */
    NOT_SERVING,
    /** It answers, but {@code srvr} is not on its whitelist: nobody can tell from outside. */
    UNKNOWN,
    /** Nothing listens there, or it did not answer in time. */
    DOWN
  }

  /** The server's {@code Mode:} line ({@code "Mode: leader"}), or "" if it does not serve or cannot be reached. */
  static String mode(InetSocketAddress server, int timeoutMillis) {
    String reply = srvr(server, timeoutMillis);
    for (String line : reply.split("\n")) {
      if (line.startsWith("Mode:")) {
        return line;
      }
    }
    return "";
  }

  static State ask(InetSocketAddress server, int timeoutMillis) {
    String reply = srvr(server, timeoutMillis);
    if (reply == null) {
      return State.DOWN;
    }
    if (reply.contains("Mode:")) {
      return State.SERVING;
    }
    return reply.contains("whitelist") ? State.UNKNOWN : State.NOT_SERVING;
  }

  // The whole reply, or null if the server could not be reached.
  private static String srvr(InetSocketAddress server, int timeoutMillis) {
    InetSocketAddress resolved = server.isUnresolved() ? new InetSocketAddress(server.getHostString(), server.getPort())
        : server;
    try (Socket socket = new Socket()) {
      socket.connect(resolved, timeoutMillis);
      socket.setSoTimeout(timeoutMillis);
      OutputStream out = socket.getOutputStream();
      out.write("srvr".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    } catch (IOException down) {
      return null;
    }
  }
}
