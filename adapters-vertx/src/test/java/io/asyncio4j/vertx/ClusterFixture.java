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

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
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
