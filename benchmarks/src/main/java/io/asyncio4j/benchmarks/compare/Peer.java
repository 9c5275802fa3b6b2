package io.asyncio4j.benchmarks.compare;

/**
 * One implementation of the workloads, run inside a child JVM. {@link #run} performs the whole
 * workload once and returns its checksum ({@link Workload#expectedChecksum}).
 */
public interface Peer {
    /**
     * Runs {@code w} with parameters {@code s} and returns its checksum. Throws
     * {@link NotAvailable} when this implementation cannot run the workload (the table shows why).
     */
    long run(Workload w, Workload.Spec s) throws Exception;

    /** The implementation cannot run this workload here; the message goes into the table as "n/a (message)". */
    final class NotAvailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public NotAvailable(String reason) {
            super(reason);
        }
    }
}
