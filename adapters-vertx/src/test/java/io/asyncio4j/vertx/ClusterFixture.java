package io.asyncio4j.vertx;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Clustered Vert.x nodes in this JVM on a real Hazelcast cluster, joined by TCP/IP on 127.0.0.1
 * (no multicast), with failure detection in seconds (a closed node is noticed at once anyway).
 */
final class ClusterFixture {
    private ClusterFixture() {
    }

    /**
     * A free port below Linux's ephemeral range (32768+), so that no socket bound to port 0 (an event
     * bus, an outgoing connection) takes it between this check and Hazelcast's bind.
     */
    static int freePort() {
        java.util.Random random = new java.util.Random();
        while (true) {
            int candidate = 20_000 + random.nextInt(12_000);
            try {
                new ServerSocket(candidate, 1, java.net.InetAddress.getLoopbackAddress()).close();
                return candidate;
            } catch (IOException inUse) {
                // try another
            }
        }
    }

    /** A node of cluster {@code clusterName} on {@code port}, joining the members at {@code members} ("127.0.0.1:port"). */
    static Vertx node(String clusterName, int port, List<String> members) throws Exception {
        Config cfg = ConfigUtil.loadConfig();
        cfg.setClusterName(clusterName);
        cfg.setProperty("hazelcast.logging.type", "none");
        cfg.setProperty("hazelcast.phone.home.enabled", "false");
        cfg.setProperty("hazelcast.wait.seconds.before.join", "0");
        cfg.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        cfg.setProperty("hazelcast.max.no.heartbeat.seconds", "5");
        cfg.setProperty("hazelcast.socket.bind.any", "false");
        NetworkConfig net = cfg.getNetworkConfig();
        net.setPort(port).setPortAutoIncrement(false);
        net.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = net.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(members.isEmpty() ? List.of("127.0.0.1:" + port) : members);
        VertxOptions options = new VertxOptions().setEventBusOptions(new EventBusOptions().setHost("127.0.0.1").setPort(0));
        return Vertx.builder().with(options).withClusterManager(new HazelcastClusterManager(cfg)).buildClustered()
                .await(60, TimeUnit.SECONDS);
    }
}
