/**
 * asyncio4j: Python's asyncio toolbox for Java — event loops, tasks, {@code gather}/{@code wait},
 * timeouts, task groups, queues, locks and channels — on {@link java.util.concurrent.CompletableFuture}.
 *
 * <p>Start with {@link io.asyncio4j.Async}: {@code Async.run(main)} runs a task body on a new
 * {@link io.asyncio4j.EventLoop}, and {@code Async.await(x)} is Python's {@code await x}.
 */
@NullMarked
package io.asyncio4j;

import org.jspecify.annotations.NullMarked;
