package io.asyncio4j.samples.crawler.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.Random;

/** Ports for the cluster tests' Hazelcast members. */
final class ClusterPorts {
    private ClusterPorts() {}

    /**
     * {@code n} distinct free ports below Linux's ephemeral range (32768+), so that no socket bound to
     * port 0 (an event bus, an outgoing connection) takes one between this check and the node's bind.
     */
    static int[] free(int n) {
        Random random = new Random();
        int[] ports = new int[n];
        int i = 0;
        while (i < n) {
            int candidate = 20_000 + random.nextInt(12_000);
            try {
                new ServerSocket(candidate, 1, InetAddress.getLoopbackAddress()).close();
                if (Arrays.stream(ports).noneMatch(p -> p == candidate)) {
                    ports[i++] = candidate;
                }
            } catch (IOException inUse) {
                // try another
            }
        }
        return ports;
    }
}
