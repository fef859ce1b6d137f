package org.miniray.dashboard;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.miniray.transport.netty.ClusterToken;

/**
 * Who may see the dashboard: holders of the cluster token. A request proves it with
 * {@code ?token=HEX} or {@code Authorization: Bearer HEX} (compared in constant time by
 * {@link ClusterToken#matches}); a browser that did so once gets a session cookie (random,
 * HttpOnly, SameSite=Strict, valid until the head stops) so the token leaves the address bar.
 */
final class Auth {
  static final String COOKIE = "miniray_session";

  /** How a request stands. */
  enum Verdict {
    /** No credentials at all. */
    NONE,
    /** Credentials, but wrong ones. */
    WRONG,
    /** The session cookie. */
    SESSION,
    /** The token itself, in the query or the Authorization header. */
    TOKEN
  }

  private final ClusterToken token;
  private final String session;

  Auth(ClusterToken token) {
    this.token = token;
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    this.session = HexFormat.of().formatHex(b);
  }

  Verdict check(HttpRequest request) {
    boolean presented = false;
    String cookies = request.headers().get(HttpHeaderNames.COOKIE);
    if (cookies != null) {
      for (Cookie c : ServerCookieDecoder.STRICT.decode(cookies)) {
        if (c.name().equals(COOKIE)) {
          presented = true;
          if (MessageDigest.isEqual(c.value().getBytes(StandardCharsets.US_ASCII),
              session.getBytes(StandardCharsets.US_ASCII))) {
            return Verdict.SESSION;
          }
        }
      }
    }
    String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
    if (header != null) {
      presented = true;
      if (header.regionMatches(true, 0, "Bearer ", 0, 7) && token.matches(header.substring(7))) {
        return Verdict.TOKEN;
      }
    }
    List<String> query = new QueryStringDecoder(request.uri()).parameters().get("token");
    if (query != null) {
      presented = true;
      if (query.size() == 1 && token.matches(query.get(0))) {
        return Verdict.TOKEN;
      }
    }
    return presented ? Verdict.WRONG : Verdict.NONE;
  }

  /** The Set-Cookie header value that starts a browser's session. */
  String sessionCookie() {
    DefaultCookie c = new DefaultCookie(COOKIE, session);
    c.setHttpOnly(true);
    c.setPath("/");
    c.setSameSite(io.netty.handler.codec.http.cookie.CookieHeaderNames.SameSite.Strict);
    return ServerCookieEncoder.STRICT.encode(c);
  }
}
