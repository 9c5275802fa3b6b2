package io.asyncio4j.samples.crawler.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * This JVM as a node of a Vert.x cluster on Hazelcast, configured in code: members found by TCP/IP
 * join (the {@code --join} list; no multicast), Hazelcast bound to one interface ({@code --cluster-host})
 * and port ({@code --cluster-port}), the event bus on the same host, and failure detection in seconds
 * (a heartbeat a second, a member silent for {@code failureSeconds} is dropped) rather than Hazelcast's
 * default minute.
 *
 * <p>What a node refuses (docs/VERTX.md, "Threat model"): members of another cluster name
 * ({@link ClusterName}); on the event bus, a peer without a trusted certificate ({@link ClusterTls},
 * required when the event bus leaves 127.0.0.1); in what Hazelcast reads with Java serialization, a
 * class outside {@link #serializationFilter()}.
 *
 * @param host the address this node binds and the others reach it at
 * @param port Hazelcast's port
 * @param busPort the event bus's port (0: any free one)
 * @param join other members, {@code host:port}; empty for the first node
 * @param failureSeconds silence after which a member is dropped
 * @param clusterName the cluster's name: only members that give it are admitted
 * @param tls the event bus's TLS, or null for plain TCP (on a loopback address only)
 */
record ClusterNode(String host, int port, int busPort, List<String> join, int failureSeconds, String clusterName,
        @Nullable ClusterTls tls) {
    private static final Pattern MEMBER = Pattern.compile("[^:\\s]+:(\\d{1,5})");

    ClusterNode {
        ClusterName.check(Objects.requireNonNull(clusterName, "clusterName"));
        join = List.copyOf(join);
        checkAddresses(host, port, busPort, join, tls);
    }

    /**
     * The checks of the options that place a node, made before anything waits: ports in range, the
     * members as HOST:PORT, and TLS when the event bus leaves this machine.
     *
     * @throws IllegalArgumentException naming the option that is wrong
     */
    static void checkAddresses(String host, int port, int busPort, List<String> join, @Nullable ClusterTls tls) {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("--cluster-port must be in 1..65535, was " + port);
        }
        if (busPort < 0 || busPort > 65535) {
            throw new IllegalArgumentException("--cluster-bus-port must be in 0..65535, was " + busPort);
        }
        for (String m : join) {
            Matcher hp = MEMBER.matcher(m);
            int p = hp.matches() ? Integer.parseInt(hp.group(1)) : -1;
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("--join takes HOST:PORT,... with PORT in 1..65535, was " + m);
            }
        }
        if (tls == null && !isLoopback(host)) {
            throw new IllegalArgumentException("--cluster-host " + host + " takes the event bus off this machine: give "
                    + "--cluster-keystore (and " + ClusterTls.PASSWORD_ENV + ") so that it runs over TLS and only nodes "
                    + "with a trusted certificate take part");
        }
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--cluster-host " + host + " is not an address of this machine: " + e.getMessage(), e);
        }
    }

    /**
     * What Hazelcast may read with Java serialization on this node. The crawl's maps hold strings,
     * which Hazelcast writes itself, and Vert.x's own records are DataSerializable; what does go
     * through Java serialization is Hazelcast's own traffic (its classes, and the JDK types of an
     * exception that an operation on another member failed with) and Vert.x's cluster-wide counter,
     * whose increments are lambdas run on the member that owns the counter (a SerializedLambda whose
     * capturing class must be HazelcastCounter: a lambda of any other class is refused). Anything else
     * — a gadget class a hostile member put in a map — is refused before it is built, with
     * "Resolving class ... is not allowed".
     */
    static JavaSerializationFilterConfig serializationFilter() {
        JavaSerializationFilterConfig filter = new JavaSerializationFilterConfig().setDefaultsDisabled(true);
        filter.getWhitelist()
                .addPrefixes("com.hazelcast.")
                .addPackages("java.lang", "java.util.concurrent")
                .addClasses("[Ljava.lang.StackTraceElement;", "java.io.IOException", "java.io.UncheckedIOException",
                        "java.util.ArrayList", "java.util.Collections$EmptyList", "java.util.Collections$UnmodifiableList",
                        "java.util.Collections$UnmodifiableRandomAccessList", "java.util.Collections$UnmodifiableCollection",
                        "java.lang.invoke.SerializedLambda", "[Ljava.lang.Object;",
                        "io.vertx.spi.cluster.hazelcast.impl.HazelcastCounter");
        return filter;
    }

    Config hazelcastConfig() {
        Config cfg = ConfigUtil.loadConfig(); // Vert.x's maps and multimaps (the event bus's subscriptions)
        cfg.setClusterName(clusterName);
        cfg.getSerializationConfig().setJavaSerializationFilterConfig(serializationFilter());
        cfg.setProperty("hazelcast.logging.type", "none"); // the crawl prints what matters
        cfg.setProperty("hazelcast.phone.home.enabled", "false");
        cfg.setProperty("hazelcast.wait.seconds.before.join", "0");
        cfg.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        cfg.setProperty("hazelcast.max.no.heartbeat.seconds", Integer.toString(failureSeconds));
        cfg.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
        cfg.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
        cfg.setProperty("hazelcast.socket.bind.any", "false");
        cfg.setProperty("hazelcast.shutdownhook.enabled", "false"); // Vert.x leaves the cluster itself
        NetworkConfig net = cfg.getNetworkConfig();
        net.setPort(port).setPortAutoIncrement(false);
        net.getInterfaces().setEnabled(true).addInterface(host);
        JoinConfig j = net.getJoin();
        j.getMulticastConfig().setEnabled(false);
        j.getAutoDetectionConfig().setEnabled(false);
        List<String> members = new ArrayList<>(join);
        members.add(host + ":" + port);
        j.getTcpIpConfig().setEnabled(true).setMembers(members);
        return cfg;
    }

    /** Starts the clustered Vert.x and joins the cluster (blocks until joined). */
    Vertx start() throws Exception {
        EventBusOptions bus = new EventBusOptions().setHost(host).setPort(busPort);
        VertxOptions options = new VertxOptions().setEventBusOptions(tls == null ? bus : tls.apply(bus));
        return Vertx.builder().with(options).withClusterManager(new HazelcastClusterManager(hazelcastConfig())).buildClustered()
                .await(120, TimeUnit.SECONDS);
    }
}
