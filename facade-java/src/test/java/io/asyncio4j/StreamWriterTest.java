package io.asyncio4j;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link StreamWriter} against a real peer (see {@link StreamReaderTest.Peer}). */
@Timeout(30)
class StreamWriterTest {
    @Test
    void drainWaitsAboveTheHighWaterMark_untilThePeerReads_andEveryByteArrivesInOrder() throws Exception {
        byte[] data = new byte[32 << 20];
        new Random(42).nextBytes(data);
        byte[] expected = MessageDigest.getInstance("SHA-256").digest(data);
        CountDownLatch startReading = new CountDownLatch(1);
        CompletableFuture<byte[]> received = new CompletableFuture<>();
        try (StreamReaderTest.Peer peer = new StreamReaderTest.Peer(s -> {
            startReading.await();
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            InputStream in = s.getInputStream();
            byte[] buf = new byte[1 << 16];
            long n = 0;
            int k;
            while ((k = in.read(buf)) > 0) {
                md.update(buf, 0, k);
                n += k;
            }
            received.complete(md.digest());
            assertThat(n).isEqualTo(data.length);
        })) {
            StreamOptions options = StreamOptions.defaults().withWriteBufferLimits(64 * 1024, 16 * 1024);
            Async.run(() -> {
                Connection c = Async.await(Async.openConnection("127.0.0.1", peer.port(), options));
                // 32 MB is more than loopback socket buffers hold: most of it stays queued.
                for (int off = 0; off < data.length; off += 1 << 20) {
                    c.writer().write(data, off, 1 << 20);
                }
                java.util.Arrays.fill(data, (byte) 0); // the writer copied what it queued
                CompletableFuture<Void> drained = c.writer().drain();
                assertThat(drained).isNotDone();
                startReading.countDown();
                Async.await(drained);
                c.writer().close();
                Async.await(c.writer().waitClosed());
            });
            assertThat(received.get()).isEqualTo(expected);
        }
    }

    @Test
    void writesAfterClose_failClearly_andWaitClosedCompletes() throws Exception {
        try (StreamReaderTest.Peer peer = new StreamReaderTest.Peer(s -> s.getInputStream().readAllBytes())) {
            Async.run(() -> {
                Connection c = Async.await(Async.openConnection("127.0.0.1", peer.port()));
                c.writer().write("bye\n".getBytes(US_ASCII));
                assertThat(c.writer().isClosing()).isFalse();
                c.writer().close();
                assertThat(c.writer().isClosing()).isTrue();
                assertThatThrownBy(() -> c.writer().write(new byte[1]))
                        .isInstanceOf(IllegalStateException.class).hasMessageContaining("after close");
                Async.await(c.writer().waitClosed());
                c.writer().close(); // idempotent
            });
            peer.done.get();
        }
    }

    @Test
    void writeEof_halfCloses_andTheReplyIsStillRead() throws Exception {
        try (StreamReaderTest.Peer peer = new StreamReaderTest.Peer(s -> {
            byte[] all = s.getInputStream().readAllBytes(); // until our EOF
            s.getOutputStream().write(("got " + all.length + "\n").getBytes(US_ASCII));
        })) {
            Async.run(() -> {
                Connection c = Async.await(Async.openConnection("127.0.0.1", peer.port()));
                c.writer().write(new byte[5000]);
                c.writer().writeEof();
                assertThatThrownBy(() -> c.writer().write(new byte[1])).isInstanceOf(IllegalStateException.class);
                assertThat(new String(Async.await(c.reader().readLine()), US_ASCII)).isEqualTo("got 5000\n");
                c.close();
            });
        }
    }

    @Test
    void writesFromAPlainThread_arriveInCallOrder() throws Exception {
        try (StreamReaderTest.Peer peer = new StreamReaderTest.Peer(s -> {
            byte[] all = s.getInputStream().readAllBytes();
            String text = new String(all, US_ASCII);
            StringBuilder want = new StringBuilder();
            for (int i = 0; i < 1000; i++) {
                want.append(i).append(',');
            }
            assertThat(text).isEqualTo(want.toString());
        })) {
            Async.run(() -> {
                Connection c = Async.await(Async.openConnection("127.0.0.1", peer.port()));
                Async.await(Async.toThread(() -> {
                    for (int i = 0; i < 1000; i++) {
                        c.writer().write((i + ",").getBytes(US_ASCII));
                    }
                    c.writer().close();
                    return null;
                }));
                Async.await(c.writer().waitClosed());
            });
            peer.done.get();
        }
    }
}
