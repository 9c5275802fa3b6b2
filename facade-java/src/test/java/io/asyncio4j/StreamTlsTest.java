package io.asyncio4j;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streams over TLS with a JDK {@link SSLContext}: a self-signed certificate for 127.0.0.1, made by
 * {@code keytool} for this run; the server presents it, the client trusts it and checks the host.
 */
@Timeout(60)
class StreamTlsTest {
    private static final char[] PASSWORD = "changeit".toCharArray();
    private static SSLContext serverContext;
    private static SSLContext clientContext;

    @BeforeAll
    static void makeCertificate(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("server.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), US_ASCII);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();

        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD);
        serverContext = SSLContext.getInstance("TLS");
        serverContext.init(kmf.getKeyManagers(), null, null);

        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", keys.getCertificate("server"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        clientContext = SSLContext.getInstance("TLS");
        clientContext.init(null, tmf.getTrustManagers(), null);
    }

    private static final ConnectionHandler ECHO = (reader, writer) -> {
        byte[] data;
        while ((data = Async.await(reader.read(8192))).length > 0) {
            writer.write(data);
            Async.await(writer.drain());
        }
    };

    @Test
    void linesAndAMegabyteRoundTripOverTls() {
        byte[] big = new byte[1 << 20];
        new Random(7).nextBytes(big);
        Async.run(() -> {
            try (Server server = Async.startServer(ECHO, "127.0.0.1", 0, StreamOptions.defaults().withSsl(serverContext))) {
                Connection c = Async.await(Async.openConnection("127.0.0.1", server.port(),
                        StreamOptions.defaults().withSsl(clientContext)));
                c.writer().write("hello over TLS\nsecond line\n".getBytes(US_ASCII));
                assertThat(new String(Async.await(c.reader().readLine()), US_ASCII)).isEqualTo("hello over TLS\n");
                assertThat(new String(Async.await(c.reader().readLine()), US_ASCII)).isEqualTo("second line\n");
                c.writer().write(big);
                Async.await(c.writer().drain());
                assertThat(Async.await(c.reader().readExactly(big.length))).isEqualTo(big);
                assertThatThrownBy(() -> c.writer().writeEof()).isInstanceOf(UnsupportedOperationException.class);
                c.close();
                Async.await(c.writer().waitClosed());
            }
        });
    }

    @Test
    void aClientThatDoesNotTrustTheCertificate_failsTheHandshake_andNoHandlerRuns() {
        AtomicInteger handlers = new AtomicInteger();
        Async.run(() -> {
            try (Server server = Async.startServer((r, w) -> {
                handlers.incrementAndGet();
                ECHO.handle(r, w);
            }, "127.0.0.1", 0, StreamOptions.defaults().withSsl(serverContext))) {
                SSLContext trustsNothingHere = SSLContext.getInstance("TLS");
                trustsNothingHere.init(null, null, null); // the JDK's default CAs only
                assertThatThrownBy(() -> Async.await(Async.openConnection("127.0.0.1", server.port(),
                        StreamOptions.defaults().withSsl(trustsNothingHere))))
                        .isInstanceOf(java.util.concurrent.CompletionException.class)
                        .hasCauseInstanceOf(SSLHandshakeException.class);
                // A TLS client still works afterwards.
                Connection ok = Async.await(Async.openConnection("127.0.0.1", server.port(),
                        StreamOptions.defaults().withSsl(clientContext)));
                ok.writer().write("x\n".getBytes(US_ASCII));
                assertThat(Async.await(ok.reader().readLine())).isEqualTo("x\n".getBytes(US_ASCII));
                ok.close();
            }
        });
        assertThat(handlers.get()).isEqualTo(1);
    }
}
