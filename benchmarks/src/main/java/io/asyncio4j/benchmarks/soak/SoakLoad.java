package io.asyncio4j.benchmarks.soak;

/**
 * One kind of load: it runs in rounds, each bounded by a count of operations and by a time limit, and
 * checks its invariants at the end of every round. {@link #close} frees what the load keeps between
 * rounds (a server, a pool) and checks nothing is left running.
 */
interface SoakLoad extends AutoCloseable {
    LoadKind kind();

    /** One bounded round; records operations, faults and violations in the counters. */
    void round() throws Exception;

    @Override
    void close() throws Exception;
}
