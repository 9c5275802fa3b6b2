package io.asyncio4j;

import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * A job for a {@link WorkerPool}: a {@link Callable} that is also {@link Serializable}, so a lambda
 * written where one is expected can be sent to a worker process. For thread pools the serializability
 * costs nothing; for process pools a lambda must capture only serializable values, or
 * {@link WorkerPool#submit} refuses it with an {@link IllegalArgumentException}.
 *
 * {@snippet :
 * long n = 112272535095293L;
 * CompletableFuture<Boolean> f = pool.submit(() -> Primes.isPrime(n));   // n is captured and sent
 * }
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface WorkerCallable<T> extends Callable<T>, Serializable {}
