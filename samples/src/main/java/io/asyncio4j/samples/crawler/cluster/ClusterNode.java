package io.asyncio4j.samples.crawler.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * This JVM as a node of a Vert.x cluster on Hazelcast, configured in code: members found by TCP/IP
 * join (the {@code --join} list; no multicast), Hazelcast bound to one interface ({@code --cluster-host})
 * and port ({@code --cluster-port}), the event bus on the same host, and failure detection in seconds
 * (a heartbeat a second, a member silent for {@code failureSeconds} is dropped) rather than Hazelcast's
 * default minute.
 *
 * @param host the address this node binds and the others reach it at
 * @param port Hazelcast's port
 * @param busPort the event bus's port (0: any free one)
 * @param join other members, {@code host:port}; empty for the first node
 * @param failureSeconds silence after which a member is dropped
 */
record ClusterNode(String host, int port, int busPort, List<String> join, int failureSeconds) {
    static final String CLUSTER_NAME = "asyncio4j-crawl";

    ClusterNode {
        Objects.requireNonNull(host, "host");
        join = List.copyOf(join);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("--cluster-port must be in 1..65535, was " + port);
        }
        if (busPort < 0 || busPort > 65535) {
            throw new IllegalArgumentException("--cluster-bus-port must be in 0..65535, was " + busPort);
        }
        for (String m : join) {
            if (!m.matches("[^:\\s]+:\\d{1,5}")) {
                throw new IllegalArgumentException("--join takes HOST:PORT,..., was " + m);
            }
        }
    }

    Config hazelcastConfig() {
        Config cfg = ConfigUtil.loadConfig(); // Vert.x's maps and multimaps (the event bus's subscriptions)
        cfg.setClusterName(CLUSTER_NAME);
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
        VertxOptions options = new VertxOptions().setEventBusOptions(new EventBusOptions().setHost(host).setPort(busPort));
        return Vertx.builder().with(options).withClusterManager(new HazelcastClusterManager(hazelcastConfig())).buildClustered()
                .await(120, TimeUnit.SECONDS);
    }
}
