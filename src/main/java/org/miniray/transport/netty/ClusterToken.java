package org.miniray.transport.netty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secret every process of one cluster shares: 32 random bytes, kept in a file only its owner
 * can read. It proves membership in the handshake (see the package documentation) and never
 * crosses the wire; only HMACs computed with it do.
 */
public final class ClusterToken {
  private static final Logger log = LoggerFactory.getLogger(ClusterToken.class);
  /** Bytes of secret; also the size of each handshake nonce and of an HMAC-SHA256. */
  public static final int LENGTH = 32;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private final byte[] secret;
  private final ClusterTls tls; // null: connections are not encrypted

  private ClusterToken(byte[] secret) {
    this(secret, null);
  }

  private ClusterToken(byte[] secret, ClusterTls tls) {
    this.secret = secret;
    this.tls = tls;
  }

  /** This token, with connections encrypted by {@code tls}. */
  public ClusterToken withTls(ClusterTls tls) {
    return new ClusterToken(secret, tls);
  }

  /** Whether connections made with this token speak TLS. */
  public boolean tls() {
    return tls != null;
  }

  ClusterTls tlsContexts() {
    return tls;
  }

  /** A fresh token from {@link SecureRandom}. */
  public static ClusterToken generate() {
    return new ClusterToken(randomBytes(LENGTH));
  }

  /** A token from the 64 hex digits {@link #writeTo} stores; for tests and configuration. */
  public static ClusterToken fromHex(String hex) {
    byte[] bytes;
    try {
      bytes = HexFormat.of().parseHex(hex.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a cluster token is " + 2 * LENGTH + " hex digits", e);
    }
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException(
          "a cluster token is " + 2 * LENGTH + " hex digits, not " + hex.strip().length());
    }
    return new ClusterToken(bytes);
  }

  /**
   * Creates {@code file} readable and writable by its owner only (rw-------) and writes the token
   * into it as hex text. The permissions are set when the file is created, so the secret is never
   * readable by others even for a moment. Fails if the file exists or the file system has no
   * POSIX permissions.
   */
  public void writeTo(Path file) {
    Path dir = file.toAbsolutePath().getParent();
    if (dir == null || Files.getFileAttributeView(dir, PosixFileAttributeView.class) == null) {
      throw new UnsupportedOperationException("cannot write cluster token to " + file
          + ": its file system has no POSIX permissions, so the token could not be kept owner-only");
    }
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      // The umask may only remove bits, but set them again so the file is exactly rw-------.
      Files.setPosixFilePermissions(file, OWNER_ONLY);
      Files.writeString(file, toHex() + "\n", StandardCharsets.US_ASCII);
    } catch (FileAlreadyExistsException e) {
      throw new UncheckedIOException("cannot write cluster token to " + file + ": the file already exists", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write cluster token to " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a token written by {@link #writeTo}, with the cluster's TLS when its authority's files
   * sit beside it ({@link ClusterTls#besideToken}). Fails naming {@code file} if it is missing or
   * not a token; warns if others may read it.
   */
  public static ClusterToken readFrom(Path file) {
    ClusterToken token = readSecret(file);
    return ClusterTls.existsBeside(file) ? token.withTls(ClusterTls.besideToken(file)) : token;
  }

  private static ClusterToken readSecret(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("cluster token file " + file + " does not exist", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read cluster token file " + file + ": " + e.getMessage(), e);
    }
    warnIfTooOpen(file);
    try {
      return fromHex(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("cluster token file " + file + " is malformed: " + e.getMessage(), e);
    }
  }

  private static void warnIfTooOpen(Path file) {
    if (Files.getFileAttributeView(file, PosixFileAttributeView.class) == null) {
      return;
    }
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      if (!OWNER_ONLY.containsAll(perms)) {
        log.warn("cluster token file {} has permissions {}: anyone who reads it can join the cluster; "
            + "chmod 600 it", file, PosixFilePermissions.toString(perms));
      }
    } catch (IOException e) {
      log.warn("cannot check the permissions of cluster token file {}: {}", file, e.getMessage());
    }
  }

  /**
   * Whether {@code presented} is this token's hex text (what the token file holds), compared in a
   * time that does not depend on where the two differ: how the dashboard checks a browser's token.
   */
  public boolean matches(String presented) {
    if (presented == null) {
      return false;
    }
    byte[] given;
    try {
      given = HexFormat.of().parseHex(presented.strip());
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(secret, given);
  }

  /** HMAC-SHA256 keyed with this token over {@code label | a | b}: one handshake proof. */
  byte[] prove(String label, byte[] a, byte[] b) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      mac.update(label.getBytes(StandardCharsets.US_ASCII));
      mac.update(a);
      mac.update(b);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM has no HmacSHA256", e);
    }
  }

  static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  private String toHex() {
    return HexFormat.of().formatHex(secret);
  }

  /** Never the secret itself, so a token can be logged by mistake without leaking. */
  @Override
  public String toString() {
    return "ClusterToken[redacted]";
  }
}
