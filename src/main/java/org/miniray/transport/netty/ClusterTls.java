package org.miniray.transport.netty;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObjectGenerator;
import org.miniray.common.Clock;

/**
 * TLS between the processes of one cluster ({@code miniray start --head --tls}), as Ray offers it:
 * the head makes a certificate authority for the cluster ({@link #createAuthority}: two files
 * beside the cluster token, kept like it), and every process that holds them issues itself a
 * certificate from it when it starts ({@link #besideToken}). Both ends of every connection
 * present their certificate and accept only one the cluster's authority signed (mutual TLS, 1.3),
 * so the bytes between hosts are private and nobody can inject frames after the token's
 * handshake, which still runs inside. Host names are not checked: a process proves that it
 * belongs to the cluster, not which machine it is on (the certificate names no address), as
 * the token does.
 */
public final class ClusterTls {
  /** The authority's certificate and key, beside the token file. */
  public static final String AUTHORITY_CERTIFICATE = "cluster-ca.crt";
  public static final String AUTHORITY_KEY = "cluster-ca.key";
  private static final String SIGNATURE = "SHA256withECDSA";

  private final SslContext server;
  private final SslContext client;

  private ClusterTls(SslContext server, SslContext client) {
    this.server = server;
    this.client = client;
  }

  /**
   * Writes a new authority (an EC P-256 key and its self-signed certificate, ten years) into
   * {@code dir}, both files owner-only. Fails if either exists.
   */
  public static void createAuthority(Path dir) {
    try {
      KeyPair ca = newKeyPair();
      X500Name name = new X500Name("CN=miniray cluster authority");
      Instant now = Instant.ofEpochMilli(Clock.SYSTEM.epochMillis()); // certificates are dated by the wall clock
      JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(), Date.from(now.minus(Duration.ofHours(1))),
          Date.from(now.plus(Duration.ofDays(3650))), name, ca.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      X509Certificate cert = sign(b, ca.getPrivate());
      writeOwnerOnly(dir.resolve(AUTHORITY_KEY), pem(new JcaPKCS8Generator(ca.getPrivate(), null)));
      writeOwnerOnly(dir.resolve(AUTHORITY_CERTIFICATE), pem(cert));
    } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
      throw new IllegalStateException("cannot make the cluster's TLS authority in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Whether an authority's files sit beside {@code tokenFile}: the cluster then speaks TLS. */
  public static boolean existsBeside(Path tokenFile) {
    Path dir = tokenFile.toAbsolutePath().getParent();
    return Files.exists(dir.resolve(AUTHORITY_CERTIFICATE)) || Files.exists(dir.resolve(AUTHORITY_KEY));
  }

  /**
   * This process's TLS, from the authority beside {@code tokenFile}: a fresh key and a certificate
   * for it, signed by the authority. A clear error if either file is missing or unreadable.
   */
  public static ClusterTls besideToken(Path tokenFile) {
    Path dir = tokenFile.toAbsolutePath().getParent();
    Path certFile = dir.resolve(AUTHORITY_CERTIFICATE);
    Path keyFile = dir.resolve(AUTHORITY_KEY);
    for (Path f : new Path[] {certFile, keyFile}) {
      if (!Files.isReadable(f)) {
        throw new IllegalArgumentException("this cluster speaks TLS, and " + f + " is missing or unreadable: copy "
            + AUTHORITY_CERTIFICATE + " and " + AUTHORITY_KEY + " from the head's machine beside the token, as the token");
      }
    }
    try {
      X509Certificate ca = new JcaX509CertificateConverter().getCertificate((X509CertificateHolder) read(certFile));
      Object key = read(keyFile);
      JcaPEMKeyConverter keys = new JcaPEMKeyConverter();
      PrivateKey caKey = key instanceof PEMKeyPair pair ? keys.getKeyPair(pair).getPrivate()
          : keys.getPrivateKey((PrivateKeyInfo) key);
      return issue(ca, caKey);
    } catch (GeneralSecurityException | IOException | OperatorCreationException | ClassCastException e) {
      throw new IllegalArgumentException("cannot use the cluster's TLS authority in " + dir + ": " + e.getMessage(), e);
    }
  }

  private static ClusterTls issue(X509Certificate ca, PrivateKey caKey)
      throws GeneralSecurityException, IOException, OperatorCreationException {
    KeyPair mine = newKeyPair();
    Instant now = Instant.ofEpochMilli(Clock.SYSTEM.epochMillis()); // certificates are dated by the wall clock
    JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca, serial(),
        Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(3650))),
        new X500Name("CN=miniray process"), mine.getPublic());
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
    X509Certificate cert = sign(b, caKey);
    // The JDK's TLS: the OpenSSL binding on the classpath (netty-tcnative, which ZooKeeper brings)
    // is older than this Netty and fails mid-handshake.
    SslContext server = SslContextBuilder.forServer(mine.getPrivate(), cert, ca).trustManager(ca)
        .clientAuth(ClientAuth.REQUIRE).sslProvider(SslProvider.JDK).protocols("TLSv1.3").build();
    SslContext client = SslContextBuilder.forClient().keyManager(mine.getPrivate(), cert, ca).trustManager(ca)
        .endpointIdentificationAlgorithm(null).sslProvider(SslProvider.JDK).protocols("TLSv1.3").build();
    return new ClusterTls(server, client);
  }

  SslHandler serverHandler(ByteBufAllocator alloc) {
    return server.newHandler(alloc);
  }

  SslHandler clientHandler(ByteBufAllocator alloc) {
    return client.newHandler(alloc);
  }

  private static KeyPair newKeyPair() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  private static BigInteger serial() {
    return new BigInteger(1, ClusterToken.randomBytes(16));
  }

  private static X509Certificate sign(JcaX509v3CertificateBuilder b, PrivateKey key)
      throws OperatorCreationException, GeneralSecurityException {
    return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder(SIGNATURE).build(key)));
  }

  private static String pem(Object o) throws IOException {
    StringWriter s = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(s)) {
      if (o instanceof PemObjectGenerator g) {
        w.writeObject(g);
      } else {
        w.writeObject(o);
      }
    }
    return s.toString();
  }

  private static Object read(Path f) throws IOException {
    try (Reader r = Files.newBufferedReader(f, StandardCharsets.US_ASCII); PEMParser p = new PEMParser(r)) {
      Object o = p.readObject();
      if (o == null) {
        throw new IOException(f + " holds no PEM object");
      }
      return o;
    }
  }

  private static void writeOwnerOnly(Path f, String text) throws IOException {
    try {
      Files.createFile(f, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (FileAlreadyExistsException e) {
      throw new UncheckedIOException("cannot make the cluster's TLS authority: " + f + " already exists", e);
    }
    Files.writeString(f, text, StandardCharsets.US_ASCII);
  }
}
