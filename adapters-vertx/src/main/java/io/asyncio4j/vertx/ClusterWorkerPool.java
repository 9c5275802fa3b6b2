package io.asyncio4j.vertx;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The consumer of a {@link DistributedWorkQueue} on one node: {@code workers} loops, each getting an
 * item, running the handler on it and acknowledging it once the handler's stage completes — Python's
 * worker tasks around {@code queue.get()} / {@code queue.task_done()}, one pool per node. At most
 * {@code workers} items are held by this node at once.
 *
 * <p>The handler runs on the queue's context and must not block it: return a stage (an asyncio4j
 * task's future, a Vert.x future's {@code toCompletionStage()}). An item is acknowledged when its
 * stage completes, normally or not, as the Python idiom calls {@code task_done()} in {@code finally}:
 * a failure is counted ({@link #failed()}), not retried — retry inside the handler if you want to.
 * An item whose node dies before the stage completes is handed to another node (at least once).
 *
 * {@snippet :
 * ClusterWorkerPool pool = ClusterWorkerPool.start(queue, 8,
 *         item -> loop.createTask(() -> process(item.body())).toCompletableFuture());
 * queue.join().join();       // every item put on any node is done
 * pool.stop().join();        // this node's workers leave
 * }
 */
public final class ClusterWorkerPool {
    private final DistributedWorkQueue queue;
    private final Function<? super WorkItem, ? extends CompletionStage<?>> handler;
    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final CompletableFuture<?>[] workers;
    private final CompletableFuture<?>[] gets;
    private volatile boolean stopping;

    private ClusterWorkerPool(DistributedWorkQueue queue, int n, Function<? super WorkItem, ? extends CompletionStage<?>> handler) {
        this.queue = queue;
        this.handler = handler;
        this.workers = new CompletableFuture<?>[n];
        this.gets = new CompletableFuture<?>[n];
    }

    /**
     * Starts {@code workers} worker loops on {@code queue}.
     *
     * @param queue the queue, opened on this node
     * @param workers how many items this node processes at once; at least 1
     * @param handler processes one item; its stage's completion acknowledges the item
     * @return the running pool
     */
    public static ClusterWorkerPool start(DistributedWorkQueue queue, int workers,
            Function<? super WorkItem, ? extends CompletionStage<?>> handler) {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(handler, "handler");
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, was " + workers);
        }
        ClusterWorkerPool pool = new ClusterWorkerPool(queue, workers, handler);
        for (int i = 0; i < workers; i++) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            pool.workers[i] = done;
            pool.next(done, i);
        }
        return pool;
    }

    private void next(CompletableFuture<Void> done, int i) {
        if (stopping) {
            done.complete(null);
            return;
        }
        CompletableFuture<WorkItem> get = queue.get();
        gets[i] = get;
        if (stopping) {
            get.cancel(false);
        }
        get.whenComplete((item, e) -> {
            if (e != null) {
                done.complete(null); // the queue closed, or this pool stopped and cancelled the get
                return;
            }
            CompletionStage<?> stage;
            try {
                stage = Objects.requireNonNull(handler.apply(item), "the handler returned null");
            } catch (RuntimeException ex) {
                stage = CompletableFuture.failedFuture(ex);
            }
            stage.whenComplete((r, ex) -> {
                (ex == null ? processed : failed).incrementAndGet();
                // a failed acknowledgement (the queue already retried it) hands the item out again after its lease
                queue.taskDone(item).whenComplete((v, ackFailure) -> next(done, i));
            });
        });
    }

    /** @return items processed without failure so far */
    public long processed() {
        return processed.get();
    }

    /** @return items whose handler failed so far (acknowledged all the same) */
    public long failed() {
        return failed.get();
    }

    /**
     * Stops taking items; the handlers running finish and their items are acknowledged.
     *
     * @return a stage completed once every worker has left
     */
    public CompletableFuture<Void> stop() {
        stopping = true;
        for (CompletableFuture<?> g : gets) {
            g.cancel(false); // an item that comes for it afterwards goes back to the queue
        }
        return CompletableFuture.allOf(workers);
    }
}
