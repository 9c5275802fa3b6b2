package io.asyncio4j.samples.pools;

import io.asyncio4j.WorkerPool;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Seed 001, {@code concurrent.futures}: the prime test of six large numbers through a process pool
 * and a thread pool of three ({@code executor.map}, in order), then through {@code submit} with the
 * futures kept in a dict (the duplicate number keeps one entry, in first-insertion order, as a
 * Python dict does). Unlike Python's, the thread pool runs the CPU-bound test in parallel too: the
 * JVM has no GIL.
 *
 * <pre>
 * with concurrent.futures.ProcessPoolExecutor(3) as executor:
 *     for number, prime in zip(PRIMES, executor.map(is_prime, PRIMES)):
 *         print('%d is prime: %s' % (number, prime))
 * </pre>
 */
public final class Primes {
    static final List<Long> PRIMES = List.of(
            112272535095293L, 112582705942171L, 112272535095293L, 115280095190773L, 115797848077099L, 1099726899285419L);

    private Primes() {}

    /** The seed's {@code is_prime}: trial division by odd numbers up to the square root. */
    public static boolean isPrime(long n) {
        if (n < 2) {
            return false;
        }
        if (n == 2) {
            return true;
        }
        if (n % 2 == 0) {
            return false;
        }
        long sqrt = (long) Math.floor(Math.sqrt(n));
        for (long i = 3; i <= sqrt; i += 2) {
            if (n % i == 0) {
                return false;
            }
        }
        return true;
    }

    private static void printMap(WorkerPool executor) {
        List<Boolean> primes = executor.map(Primes::isPrime, PRIMES);
        for (int i = 0; i < PRIMES.size(); i++) {
            System.out.printf("%d is prime: %s%n", PRIMES.get(i), Py.repr(primes.get(i)));
        }
    }

    /**
     * Runs the sample.
     *
     * @param args none
     */
    public static void main(String[] args) {
        double start = Py.perfCounter();
        try (WorkerPool executor = WorkerPool.processes(3)) {
            printMap(executor);
        }
        System.out.println("multi process pool used:" + (Py.perfCounter() - start));

        start = Py.perfCounter();
        try (WorkerPool executor = WorkerPool.threads(3)) {
            printMap(executor);
        }
        System.out.println("multi thread pool used:" + (Py.perfCounter() - start));

        start = Py.perfCounter();
        try (WorkerPool executor = WorkerPool.threads(3)) {
            Map<Long, CompletableFuture<Boolean>> results = new LinkedHashMap<>();
            for (long number : PRIMES) {
                results.put(number, executor.submit(() -> isPrime(number)));
            }
            results.forEach((number, prime) -> System.out.printf("%d is prime: %s%n", number, Py.repr(prime.join())));
        }
        System.out.println("multi thread pool used:" + (Py.perfCounter() - start));
    }
}
