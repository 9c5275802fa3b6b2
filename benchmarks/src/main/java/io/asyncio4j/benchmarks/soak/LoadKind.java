package io.asyncio4j.benchmarks.soak;

/** The five loads of the soak, in the order the report lists them. */
enum LoadKind {
    STORM("cancellation storm"),
    THREADSAFE("runCoroutineThreadsafe vs close"),
    STREAMS("echo stream clients"),
    SUBPROCESSES("subprocesses"),
    WORKERS("worker-process jobs");

    final String label;

    LoadKind(String label) {
        this.label = label;
    }
}
