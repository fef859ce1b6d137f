package org.miniray.dashboard;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.miniray.events.JsonWriter;
import org.miniray.id.JobId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one HTTP request: checks the token first (401 and nothing else without it), then
 * serves the page's three files or an {@code /api/} endpoint. Reading the cluster blocks, so the
 * answer is made on the dashboard's own thread ({@code work}), never on a Netty event loop.
 */
final class DashboardHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger log = LoggerFactory.getLogger(DashboardHandler.class);
  static final String JSON = "application/json; charset=utf-8";

  /** The page: path to (resource, content type). */
  private static final Map<String, String[]> FILES = Map.of(
      "/", new String[] {"index.html", "text/html; charset=utf-8"},
      "/index.html", new String[] {"index.html", "text/html; charset=utf-8"},
      "/dashboard.css", new String[] {"dashboard.css", "text/css; charset=utf-8"},
      "/dashboard.js", new String[] {"dashboard.js", "text/javascript; charset=utf-8"});

  private static final String LOGIN = """
      <!DOCTYPE html>
      <html lang="en"><head><meta charset="utf-8"><title>miniray dashboard: token required</title></head>
      <body><h1>miniray dashboard</h1>
      <p>%s Paste the cluster token (the file <code>~/.miniray/cluster.token</code> on the head's machine):</p>
      <form method="get" action="/"><input name="token" type="password" size="70" autofocus>
      <button type="submit">Open</button></form></body></html>
      """;

  private final Auth auth;
  private final Api api;
  private final Executor work;

  DashboardHandler(Auth auth, Api api, Executor work) {
    super(false); // the request is released by the work thread, once answered
    this.auth = auth;
    this.api = api;
    this.work = work;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    try {
      work.execute(() -> {
        try {
          respond(ctx, request);
        } finally {
          request.release();
        }
      });
    } catch (RejectedExecutionException e) { // the dashboard is closing
      request.release();
      ctx.close();
    }
  }

  private void respond(ChannelHandlerContext ctx, FullHttpRequest request) {
    FullHttpResponse response;
    try {
      response = answer(request);
    } catch (IllegalArgumentException e) {
      response = text(HttpResponseStatus.BAD_REQUEST, JSON, error(e.getMessage()));
    } catch (RuntimeException e) {
      log.warn("dashboard request {} failed", new QueryStringDecoder(request.uri()).path(), e);
      response = text(HttpResponseStatus.INTERNAL_SERVER_ERROR, JSON, error(String.valueOf(e.getMessage())));
    }
    send(ctx, request, response);
  }

  FullHttpResponse answer(FullHttpRequest request) {
    QueryStringDecoder uri = new QueryStringDecoder(request.uri());
    String path = uri.path();
    boolean isApi = path.startsWith("/api/");
    if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
      FullHttpResponse r = text(HttpResponseStatus.METHOD_NOT_ALLOWED, JSON, error("only GET is served"));
      r.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
      return r;
    }
    Auth.Verdict verdict = auth.check(request);
    if (verdict == Auth.Verdict.NONE || verdict == Auth.Verdict.WRONG) {
      String why = verdict == Auth.Verdict.NONE ? "The cluster token is required."
          : "That is not this cluster's token.";
      FullHttpResponse r = isApi
          ? text(HttpResponseStatus.UNAUTHORIZED, JSON,
              error(why + " Send it as ?token=HEX or the header Authorization: Bearer HEX"))
          : text(HttpResponseStatus.UNAUTHORIZED, "text/html; charset=utf-8", LOGIN.formatted(why));
      r.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"miniray\"");
      return r;
    }
    if (verdict == Auth.Verdict.TOKEN && !isApi) {
      // The browser keeps a session cookie instead, and the token leaves the address bar.
      FullHttpResponse r = text(HttpResponseStatus.SEE_OTHER, "text/plain; charset=utf-8", "");
      r.headers().set(HttpHeaderNames.LOCATION, FILES.containsKey(path) ? path : "/");
      r.headers().set(HttpHeaderNames.SET_COOKIE, auth.sessionCookie());
      return r;
    }
    String[] file = FILES.get(path);
    if (file != null) {
      return text(HttpResponseStatus.OK, file[1], resource(file[0]));
    }
    return switch (path) {
      case "/api/nodes" -> json(api.nodes());
      case "/api/tasks" -> json(api.tasks());
      case "/api/actors" -> json(api.actors());
      case "/api/objects" -> json(api.objects());
      case "/api/jobs" -> json(api.jobs());
      case "/api/timeline" -> json(api.timeline());
      case "/api/graph" -> graph(uri);
      default -> text(HttpResponseStatus.NOT_FOUND, JSON, error("no such page: " + path + " (the API is /api/nodes, "
          + "/api/tasks, /api/actors, /api/objects, /api/jobs, /api/graph?format=svg|dot|json&job=01000000, /api/timeline)"));
    };
  }

  private FullHttpResponse graph(QueryStringDecoder uri) {
    String format = param(uri, "format", "svg");
    String jobText = param(uri, "job", null);
    JobId job = jobText == null ? null : JobId.parse(jobText); // a bad one is a 400 naming it
    String body = api.graph(format, job);
    String type = switch (format) {
      case "svg" -> "image/svg+xml; charset=utf-8";
      case "json" -> JSON;
      default -> "text/vnd.graphviz; charset=utf-8";
    };
    return text(HttpResponseStatus.OK, type, body);
  }

  private static String param(QueryStringDecoder uri, String name, String otherwise) {
    List<String> v = uri.parameters().get(name);
    return v == null || v.isEmpty() ? otherwise : v.get(0);
  }

  private static FullHttpResponse json(String body) {
    return text(HttpResponseStatus.OK, JSON, body);
  }

  static String error(String message) {
    return new JsonWriter().beginObject().field("error", message).endObject().toString();
  }

  private static String resource(String name) {
    try (InputStream in = DashboardHandler.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("the dashboard's " + name + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static FullHttpResponse text(HttpResponseStatus status, String type, String body) {
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
        Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.UTF_8)));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
    r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
    r.headers().set("X-Content-Type-Options", "nosniff");
    r.headers().set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
    return r;
  }

  private static void send(ChannelHandlerContext ctx, FullHttpRequest request, FullHttpResponse response) {
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    HttpUtil.setContentLength(response, response.content().readableBytes());
    if (request.method().equals(HttpMethod.HEAD)) {
      response.content().clear();
    }
    if (keepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      ctx.writeAndFlush(response);
    } else {
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("dashboard connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
