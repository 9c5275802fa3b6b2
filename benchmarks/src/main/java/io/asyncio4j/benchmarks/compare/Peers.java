package io.asyncio4j.benchmarks.compare;

import io.asyncio4j.benchmarks.peers.Asyncio4jPeer;
import io.asyncio4j.benchmarks.peers.JdkPeer;
import io.asyncio4j.benchmarks.peers.KotlinxPeerAdapter;

/** The in-JVM implementations by {@link Impl}; Python runs as its own script instead. */
final class Peers {
    private Peers() {}

    static Peer of(Impl impl) {
        switch (impl) {
            case KOTLINX: return new KotlinxPeerAdapter();
            case JDK: return new JdkPeer();
            case ASYNCIO4J_FUTURE: return new Asyncio4jPeer(false);
            case ASYNCIO4J_BLOCKING: return new Asyncio4jPeer(true);
            case PYTHON: throw new IllegalArgumentException("Python runs as a script, not in a JVM");
            default: throw new AssertionError(impl);
        }
    }
}
