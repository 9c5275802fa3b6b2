package io.asyncio4j.benchmarks.peers;

import io.asyncio4j.benchmarks.compare.Peer;
import io.asyncio4j.benchmarks.compare.Workload;

/** Runs the workloads of {@link KotlinxPeer} (Kotlin, raw kotlinx.coroutines). */
public final class KotlinxPeerAdapter implements Peer {
    @Override
    public long run(Workload w, Workload.Spec s) {
        switch (w) {
            case W1: return KotlinxPeer.sleeps(s.n(), s.sleepMs());
            case W1B: return KotlinxPeer.yields(s.n());
            case W2: return KotlinxPeer.channel(s.n(), s.capacity());
            case W3_SEQ: return KotlinxPeer.roundTrips(s.n());
            case W3_PIPE: return KotlinxPeer.pipelinedRoundTrips(s.n());
            case W4: return KotlinxPeer.mutex(s.tasks(), s.iters());
            default: throw new AssertionError(w);
        }
    }
}
