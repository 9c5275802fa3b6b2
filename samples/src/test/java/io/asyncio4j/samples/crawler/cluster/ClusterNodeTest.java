package io.asyncio4j.samples.crawler.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a cluster node refuses ({@link ClusterNode}): a peer on the event bus without a trusted
 * certificate, and a class outside the Java-serialization allow-list in what Hazelcast reads. Real
 * Hazelcast members and clustered Vert.x nodes on 127.0.0.1; the key pairs are made for the test by
 * the JDK's keytool, so no key is kept in the repository.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterNodeTest {
    private static final String PASSWORD = "test-" + UUID.randomUUID();
    private final List<Vertx> nodes = new CopyOnWriteArrayList<>();
    private final List<HazelcastInstance> members = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void stop() throws Exception {
        List<io.vertx.core.Future<Void>> closing = nodes.stream().map(Vertx::close).toList(); // in parallel
        for (var f : closing) {
            f.await(30, TimeUnit.SECONDS);
        }
        members.forEach(HazelcastInstance::shutdown);
    }

    /**
     * Three nodes in one Hazelcast cluster (the same name: the intruder knows it and reaches every
     * port): two hold the cluster's key pair, the third a pair of its own — and trusts the cluster's
     * certificate, so only the members' refusal keeps it out. The members talk; the intruder can
     * neither send to a member's consumer (the member refuses its client certificate) nor receive from
     * a member (the member refuses its server certificate: Vert.x's event bus trusts every server
     * unless told not to), and the members still talk after.
     */
    @Test
    void nodesWithTheClusterCertificateTalk_aNodeWithoutItIsRefusedBothWays() throws Exception {
        Path[] stores = keyPairs("cluster", "intruder");
        ClusterTls member = new ClusterTls(stores[0], stores[0], PASSWORD);
        ClusterTls intruder = new ClusterTls(stores[1], stores[0], PASSWORD);
        String name = "tls-test-" + UUID.randomUUID();
        int[] ports = ClusterPorts.free(3);
        List<String> first = List.of("127.0.0.1:" + ports[0]);
        Vertx a = start(new ClusterNode("127.0.0.1", ports[0], 0, List.of(), 5, name, member));
        var startB = java.util.concurrent.CompletableFuture.supplyAsync(() -> start(new ClusterNode("127.0.0.1", ports[1], 0, first, 5,
                name, member)));
        Vertx c = start(new ClusterNode("127.0.0.1", ports[2], 0, first, 5, name, intruder)); // b and c join a at once
        Vertx b = startB.get(120, TimeUnit.SECONDS);
        List<String> atA = new CopyOnWriteArrayList<>();
        List<String> atC = new CopyOnWriteArrayList<>();
        a.eventBus().<String>consumer("ping-a", m -> {
            atA.add(m.body());
            m.reply("pong from a");
        }).completion().await(30, TimeUnit.SECONDS);
        c.eventBus().<String>consumer("ping-c", m -> {
            atC.add(m.body());
            m.reply("pong from c");
        }).completion().await(30, TimeUnit.SECONDS);
        // The first exchange sets TLS up (key stores, crypto); a new handshake takes milliseconds after it.
        assertThat(request(b.eventBus(), "ping-a", "from b", 30_000)).isEqualTo("pong from a");
        var fromIntruder = c.eventBus().<String>request("ping-a", "from the intruder", new DeliveryOptions().setSendTimeout(5_000));
        var toIntruder = a.eventBus().<String>request("ping-c", "from a", new DeliveryOptions().setSendTimeout(5_000));
        for (var refused : List.of(fromIntruder, toIntruder)) {
            assertThatThrownBy(() -> refused.await(30, TimeUnit.SECONDS)).isInstanceOf(ReplyException.class)
                    .satisfies(e -> assertThat(((ReplyException) e).failureType()).isEqualTo(ReplyFailure.TIMEOUT));
        }
        assertThat(request(b.eventBus(), "ping-a", "from b again", 5_000)).as("the members after the intruder's tries")
                .isEqualTo("pong from a");
        // Vert.x's counter runs its increments, lambdas, on the member that owns it: let through.
        for (Vertx v : List.of(a, b, c)) {
            v.sharedData().getCounter("asyncio4j-crawl.scheduled").compose(n -> n.incrementAndGet()).await(30, TimeUnit.SECONDS);
        }
        assertThat(a.sharedData().getCounter("asyncio4j-crawl.scheduled").compose(n -> n.get()).await(30, TimeUnit.SECONDS))
                .isEqualTo(3);
        assertThat(atA).containsExactly("from b", "from b again");
        assertThat(atC).isEmpty();
    }

    /**
     * A serializable class outside the allow-list, as a hostile member would put it in a map: reading
     * it fails with Hazelcast's refusal, naming the class, and its readObject never runs; so does a
     * serializable lambda of a class not on the list. An exception (what Hazelcast sends back when an
     * operation fails on another member) is let through.
     */
    @Test
    void aClassOutsideTheSerializationAllowListIsRefused_andNothingOfItRuns() {
        ClusterNode node = new ClusterNode("127.0.0.1", ClusterPorts.free(1)[0], 0, List.of(), 5, "filter-test-" + UUID.randomUUID(),
                null);
        HazelcastInstance hz = Hazelcast.newHazelcastInstance(node.hazelcastConfig());
        members.add(hz);
        IMap<String, Object> map = hz.getMap("asyncio4j-crawl.seen");
        map.put("gadget", new Gadget());
        assertThatThrownBy(() -> map.get("gadget"))
                .hasRootCauseInstanceOf(SecurityException.class)
                .rootCause().hasMessage("Resolving class " + Gadget.class.getName() + " is not allowed.");
        assertThat(Gadget.built).as("the gadget's readObject ran").isFalse();
        map.put("lambda", (Runnable & Serializable) () -> Gadget.built = true); // a lambda of a class not on the list
        assertThatThrownBy(() -> map.get("lambda")).rootCause()
                .hasMessage("Resolving class " + ClusterNodeTest.class.getName() + " is not allowed.");
        IllegalStateException failure = new IllegalStateException("failed on another member", new IOException("refused"));
        failure.addSuppressed(new java.util.concurrent.TimeoutException("and timed out"));
        map.put("failure", failure);
        assertThat((Throwable) map.get("failure")).isInstanceOf(IllegalStateException.class).hasMessage("failed on another member")
                .hasCauseInstanceOf(IOException.class);
        map.put("url", "http://127.0.0.1/page/1");
        assertThat(map.get("url")).isEqualTo("http://127.0.0.1/page/1");
    }

    /** A class whose deserialization would do something: the stand-in for a gadget chain's first link. */
    static final class Gadget implements Serializable {
        private static final long serialVersionUID = 1L;
        static volatile boolean built;

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            built = true;
            in.defaultReadObject();
        }
    }

    private Vertx start(ClusterNode node) {
        try {
            Vertx v = node.start();
            nodes.add(v);
            return v;
        } catch (Exception e) {
            throw new IllegalStateException("node on port " + node.port() + " did not start", e);
        }
    }

    private static String request(EventBus bus, String address, String body, long timeoutMillis) throws Exception {
        return bus.<String>request(address, body, new DeliveryOptions().setSendTimeout(timeoutMillis)).await(60, TimeUnit.SECONDS)
                .body();
    }

    /** Self-signed key pairs in PKCS#12 files, one per name, made by keytool (in parallel: a JVM each). */
    private Path[] keyPairs(String... names) throws Exception {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Path[] files = new Path[names.length];
        List<Process> running = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            files[i] = dir.resolve(names[i] + ".p12");
            running.add(new ProcessBuilder(keytool, "-genkeypair", "-alias", names[i], "-keyalg", "EC", "-groupname", "secp256r1",
                    "-validity", "2", "-dname", "CN=asyncio4j " + names[i], "-storetype", "PKCS12", "-keystore", files[i].toString(),
                    "-storepass", PASSWORD, "-keypass", PASSWORD).redirectErrorStream(true).start());
        }
        for (Process p : running) {
            String log = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(log).isZero();
        }
        return files;
    }
}
