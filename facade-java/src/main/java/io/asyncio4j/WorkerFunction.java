package io.asyncio4j;

import java.io.Serializable;
import java.util.function.Function;

/**
 * The function of a {@link WorkerPool#map}: a {@link Function} that is also {@link Serializable}, so
 * a lambda or method reference can be sent to a worker process with each chunk of items.
 *
 * {@snippet :
 * List<Boolean> primes = pool.map(Primes::isPrime, List.of(112272535095293L, 115280095190773L));
 * }
 *
 * @param <T> the item type
 * @param <R> the result type
 */
@FunctionalInterface
public interface WorkerFunction<T, R> extends Function<T, R>, Serializable {}
