package io.asyncio4j.vertx;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A work queue shared by every node of a clustered Vert.x: Python's {@code asyncio.Queue} verbs
 * ({@code put}, {@code get}, {@code taskDone}, {@code join}) across JVMs, with leases and
 * acknowledgements so that a node that dies loses no item. It needs only the clustered event bus and
 * the cluster's shared data ({@code AsyncMap} with time-to-live), so it works with any Vert.x cluster
 * manager (Hazelcast, Infinispan, Ignite, Zookeeper). Open it under the same name, with the same
 * {@link Options}, on every node.
 *
 * <p><b>How it works.</b> Every item is stored in a cluster map (replicated by the cluster manager)
 * until it is acknowledged. One node at a time, the holder of the queue's leader lease (a map entry
 * with a time-to-live of {@link Options#leaseTime()} + 2 s, renewed every third of the lease), is the coordinator: it
 * keeps the ready items per partition and the claims, answers {@code get} by long polling and
 * {@code join} when nothing is left. If it dies, another node takes the lease when it runs out and
 * rebuilds the queue from the map. Every node sends its requests to the node the lease names (an
 * event-bus address per node), never to whoever listens: a node that was cut off and still believes
 * it coordinates gets no request but its own. And {@code join} is answered only after the
 * coordinator has checked that it still holds the lease and that the map holds no item: the map, not
 * a coordinator's memory, says when the work is over.
 *
 * <p><b>What it guarantees.</b>
 * <ul>
 * <li>{@link #put}: once its stage completes, the item is in the cluster map and known to the
 *     coordinator; it is handed out until some node acknowledges it.
 * <li>{@link #get}: hands the item to this node under a lease of {@link Options#leaseTime()},
 *     renewed automatically while this node lives and has not acknowledged it. If the node dies,
 *     pauses or is cut off for longer than the lease, the item is handed out again, before the other
 *     items of its partition. Delivery is therefore <em>at least once</em>: an item is processed twice
 *     only if its first holder stopped (or stalled past its lease) before acknowledging it, so make
 *     processing idempotent or deduplicate by {@link WorkItem#id()}.
 * <li>{@link #taskDone(WorkItem)} acknowledges: the item leaves the map and is not handed out again
 *     once the coordinator has the acknowledgement (a copy handed out before, after a lease ran out,
 *     may still be processed; its acknowledgement is harmless).
 * <li>{@link #join()} completes once every item whose {@code put} completed, on any node, has been
 *     acknowledged (and at least one item was put: a node that joins before the first put waits for
 *     it). A producer that puts new items while it processes one, before acknowledging it, keeps
 *     {@code join} waiting for them, as with {@code asyncio.Queue}.
 * <li>{@link #put(String, String, String)} with an id of the caller's is idempotent while the
 *     coordinator knows the id. For that, the coordinator remembers the id of every item acknowledged
 *     under it, for as long as it coordinates: the id's string and a set entry (about 100 bytes
 *     beyond the id's characters) per item, on the coordinating node's heap.
 * <li>Order: FIFO within one partition, as the coordinator received the puts, while one coordinator
 *     lives; partitions take turns. {@link Options#maxInFlightPerPartition()} and
 *     {@link Options#minIntervalPerPartition()} cap and space the items of one partition out, cluster-wide
 *     (the crawler's politeness per host).
 * </ul>
 * <b>What it does not guarantee:</b> exactly-once processing; any order across partitions or across
 * a change of coordinator (items then come back in the order of their put times, which follow the
 * putters' clocks); progress while the cluster manager has lost its quorum. After a coordinator dies,
 * nothing is handed out for one lease period (the survivors reclaim what they hold). A node cut off
 * from the others (a split cluster) works on alone with the part of the maps it kept: it may process
 * items the others process too, and its own {@code join} may complete early; the others lose nothing
 * (its items come back to them after their lease), and once the cluster heals, what it stored is
 * adopted. (A quorum on the queue's maps, Hazelcast's split-brain protection, would make the cut-off
 * side's map operations fail instead; the queue does not set one up, and it is not tested.)
 *
 * <p>Every stage returned completes on the queue's own Vert.x context (an event-loop context made
 * when the queue is opened); await it from a task or compose on it. Cancelling a {@code get} stage
 * takes nothing: an item that arrives for it afterwards goes back to the queue, first in its partition.
 *
 * {@snippet :
 * Vertx vertx = Vertx.builder().withClusterManager(new HazelcastClusterManager()).buildClustered()
 *         .toCompletionStage().toCompletableFuture().join();
 * DistributedWorkQueue queue = DistributedWorkQueue.open(vertx, "jobs").join();
 * queue.put("customer-42", "{\"invoice\": 7}").join();   // on any node
 * WorkItem item = queue.get().join();                     // on any node
 * System.out.println(item.body());
 * queue.taskDone(item).join();                            // the item is gone for good
 * queue.join().join();                                    // every item put so far is done
 * }
 */
public final class DistributedWorkQueue {
    static final int NOT_COORDINATOR = 503;
    static final String STARTED_KEY = "started";
    static final String LEADER_KEY = "leader";
    private static final long RETRY_MS = 100;
    private static final int ACK_ATTEMPTS = 5;

    /**
     * How the queue behaves; every node of one queue must use the same.
     *
     * @param leaseTime how long an item stays with a node that does not renew it (a dead node's items
     *        come back after this); also the coordinator's lease. Default 10 s; at least 300 ms
     * @param maxInFlightPerPartition items of one partition handed out and not yet acknowledged, at
     *        most, cluster-wide; 0 (default) for no limit
     * @param minIntervalPerPartition time between two hand-outs of one partition, cluster-wide;
     *        default zero
     */
    public record Options(Duration leaseTime, int maxInFlightPerPartition, Duration minIntervalPerPartition) {
        /** Checks the values. */
        public Options {
            Objects.requireNonNull(leaseTime, "leaseTime");
            Objects.requireNonNull(minIntervalPerPartition, "minIntervalPerPartition");
            if (leaseTime.toMillis() < 300) {
                throw new IllegalArgumentException("leaseTime must be >= 300 ms, was " + leaseTime.toMillis() + " ms");
            }
            if (maxInFlightPerPartition < 0) {
                throw new IllegalArgumentException("maxInFlightPerPartition must be >= 0, was " + maxInFlightPerPartition);
            }
            if (minIntervalPerPartition.isNegative()) {
                throw new IllegalArgumentException("minIntervalPerPartition must be >= 0, was " + minIntervalPerPartition);
            }
        }

        /** @return lease 10 s, no limit per partition, no interval */
        public static Options defaults() {
            return new Options(Duration.ofSeconds(10), 0, Duration.ZERO);
        }

        /** @param d the lease time @return a copy */
        public Options withLeaseTime(Duration d) {
            return new Options(d, maxInFlightPerPartition, minIntervalPerPartition);
        }

        /** @param n items in flight per partition at most, 0 for no limit @return a copy */
        public Options withMaxInFlightPerPartition(int n) {
            return new Options(leaseTime, n, minIntervalPerPartition);
        }

        /** @param d time between two hand-outs of one partition @return a copy */
        public Options withMinIntervalPerPartition(Duration d) {
            return new Options(leaseTime, maxInFlightPerPartition, d);
        }
    }

    /**
     * The queue's cluster-wide counts, as the coordinator knows them.
     *
     * @param ready items waiting to be handed out
     * @param inFlight items handed out and not yet acknowledged
     * @param done items acknowledged (under the current coordinator)
     * @param puts items put (under the current coordinator)
     * @param redelivered items handed out again after their lease ran out
     */
    public record Counts(long ready, long inFlight, long done, long puts, long redelivered) {}

    /**
     * What this node's queue object did, for measuring the queue's cost.
     *
     * @param messagesSent event-bus messages sent by this node for the queue (requests, replies,
     *        renewals, acknowledgements), its coordinator's replies included
     * @param gets items this node got
     * @param getOverheadP50Micros median time a get took beyond the time the item was not there
     *        (round trip and coordinator work)
     * @param getOverheadP99Micros its 99th percentile
     * @param putP99Micros 99th percentile of the time a put took (map write and coordinator's ack)
     */
    public record NodeStatistics(long messagesSent, long gets, long getOverheadP50Micros, long getOverheadP99Micros,
            long putP99Micros) {}

    private final Vertx vertx;
    private final Context context;
    private final String address;
    private final String node = UUID.randomUUID().toString();
    private final AsyncMap<String, String> items;
    private final AsyncMap<String, String> meta;
    private final Options options;
    private final long leaseMs;
    /**
     * The leader entry's time-to-live: the lease plus a margin, because cluster managers keep
     * time-to-live coarsely (Hazelcast to the second); renewed every third of the lease.
     */
    private final long leaderTtlMs;
    private final long pollMs;
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong messagesSent = new AtomicLong();

    // Confined to the context.
    /**
     * The items this node holds, by id. Usually one copy per id; two when an item comes back to this
     * node while it still processes it (its lease ran out under load, or a coordinator that took over
     * handed it out again): each copy is acknowledged on its own, by identity.
     */
    private final Map<String, java.util.List<WorkItem>> held = new LinkedHashMap<>();
    /**
     * Copies whose acknowledgement failed (the map write failed): no longer renewed, so they come back
     * to the queue after their lease if no retry succeeds, but a retry of taskDone is still accepted.
     */
    private final java.util.Set<WorkItem> failedAcks = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    /** Puts, gets, joins and counts under way, failed by {@link #close()}. */
    private final java.util.Set<CompletableFuture<?>> waiting = new java.util.HashSet<>();
    private @Nullable QueueCoordinator coordinator;
    private boolean electing;
    /** The coordinator's node id as last read from the map; null until read, or after a request to it failed. */
    private @Nullable String leader;
    private @Nullable Future<String> leaderLookup;
    /** Whether this node has seen the queue started (a put done or an item got): a takeover here needs no first put. */
    private boolean sawStart;
    private boolean closed;
    private long timer;
    private final Samples getOverhead = new Samples();
    private final Samples putTime = new Samples();
    private long gets;

    private DistributedWorkQueue(Vertx vertx, Context context, String name, AsyncMap<String, String> items,
            AsyncMap<String, String> meta, Options options) {
        this.vertx = vertx;
        this.context = context;
        this.address = address(name);
        this.items = items;
        this.meta = meta;
        this.options = options;
        this.leaseMs = options.leaseTime().toMillis();
        this.leaderTtlMs = leaseMs + 2_000;
        this.pollMs = pollMillis(options);
    }

    /** The queue's event-bus address, and the prefix of its cluster maps' names ({@code .items}, {@code .meta}). */
    static String address(String name) {
        return "asyncio4j.queue." + name;
    }

    static long pollMillis(Options options) {
        return Math.min(5_000, options.leaseTime().toMillis());
    }

    /**
     * Opens the queue {@code name} on this node with {@link Options#defaults()}.
     *
     * @param vertx a clustered Vert.x (a local one works too: a queue of one node)
     * @param name the queue's name, the same on every node
     * @return a stage completed with the queue once its maps are open
     */
    public static CompletableFuture<DistributedWorkQueue> open(Vertx vertx, String name) {
        return open(vertx, name, Options.defaults());
    }

    /**
     * Opens the queue {@code name} on this node.
     *
     * @param vertx a clustered Vert.x (a local one works too: a queue of one node)
     * @param name the queue's name, the same on every node
     * @param options lease and per-partition limits, the same on every node
     * @return a stage completed with the queue once its maps are open
     */
    public static CompletableFuture<DistributedWorkQueue> open(Vertx vertx, String name, Options options) {
        Objects.requireNonNull(vertx, "vertx");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(options, "options");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        // A context of its own (not the caller's): the queue's state is confined to it, whoever calls.
        Context context = ((VertxInternal) vertx).createEventLoopContext();
        CompletableFuture<DistributedWorkQueue> cf = new CompletableFuture<>();
        context.runOnContext(v -> {
            Future<AsyncMap<String, String>> items = vertx.sharedData().getAsyncMap(address(name) + ".items");
            Future<AsyncMap<String, String>> meta = vertx.sharedData().getAsyncMap(address(name) + ".meta");
            Future.all(items, meta).onComplete(r -> {
                if (r.failed()) {
                    cf.completeExceptionally(r.cause());
                    return;
                }
                DistributedWorkQueue q = new DistributedWorkQueue(vertx, context, name, items.result(), meta.result(), options);
                q.timer = vertx.setPeriodic(0, Math.max(50, q.leaseMs / 3), id -> q.heartbeat());
                cf.complete(q);
            });
        });
        return cf;
    }

    /**
     * Puts an item: stores it in the cluster map, then tells the coordinator (retrying until there is
     * one). Items may not be null.
     *
     * @param partition the partition key (e.g. a host name); FIFO holds within a partition
     * @param body the item, as text (JSON, a URL)
     * @return a stage completed once the item is stored and known to the coordinator
     */
    public CompletableFuture<Void> put(String partition, String body) {
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(body, "body");
        return put(partition, body, node.substring(0, 8) + "-" + sequence.incrementAndGet());
    }

    /**
     * Puts an item under an id of the caller's: an idempotent put. While the coordinator knows an item
     * of that id (waiting, handed out, or acknowledged), another put of it changes nothing, so a
     * producer that does not know whether its put happened (it was redelivered itself, say) may put
     * again. A coordinator that took over knows only the items still in the map, so a put of an id
     * acknowledged before the takeover is a new item.
     *
     * @param partition the partition key; FIFO holds within a partition
     * @param body the item
     * @param id the item's id, unique in the queue (e.g. the URL a crawler fetches)
     * @return a stage completed once the item is stored and known to the coordinator (or known to be done)
     */
    public CompletableFuture<Void> put(String partition, String body, String id) {
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(id, "id");
        CompletableFuture<Void> cf = new CompletableFuture<>();
        long start = System.nanoTime();
        long time = System.currentTimeMillis(); // a new coordinator queues the items it finds in put-time order
        context.runOnContext(v -> {
            if (failIfClosed(cf)) {
                return;
            }
            waitFor(cf); // a put still under way when the queue closes fails then (its item may be stored)
            items.put(id, new JsonObject().put("p", partition).put("body", body).put("t", time).encode()).onComplete(r -> {
                if (r.failed()) {
                    cf.completeExceptionally(r.cause());
                    return;
                }
                JsonObject msg = new JsonObject().put("op", "put").put("id", id).put("p", partition).put("body", body);
                request(msg, pollMs, cf, reply -> {
                    sawStart = true;
                    putTime.add((System.nanoTime() - start) / 1000);
                    if (reply.body().getBoolean("done", false)) {
                        // already acknowledged: the entry this put wrote again must not come back after a takeover
                        items.remove(id).onComplete(x -> cf.complete(null));
                    } else {
                        cf.complete(null);
                    }
                });
            });
        });
        return cf;
    }

    /**
     * Takes the next item for this node, waiting (long polls) while there is none. The item is this
     * node's until {@link #taskDone(WorkItem)}, or until its lease runs out if this node dies.
     *
     * @return a stage completed with the item; cancelling it takes nothing
     */
    public CompletableFuture<WorkItem> get() {
        CompletableFuture<WorkItem> cf = new CompletableFuture<>();
        context.runOnContext(v -> {
            if (failIfClosed(cf)) {
                return;
            }
            waitFor(cf);
            poll(cf);
        });
        return cf;
    }

    private void poll(CompletableFuture<WorkItem> cf) {
        if (cf.isDone() || failIfClosed(cf)) {
            return;
        }
        long start = System.nanoTime();
        request(new JsonObject().put("op", "get").put("node", node), pollMs + leaseMs, cf, reply -> {
            JsonObject b = reply.body();
            if (!b.containsKey("id")) {
                poll(cf); // nothing came within the poll time: ask again
                return;
            }
            WorkItem item = new WorkItem(b.getString("id"), b.getString("p"), b.getString("body"), b.getInteger("n", 1));
            gets++;
            sawStart = true;
            getOverhead.add(Math.max(0, (System.nanoTime() - start) / 1000 - b.getLong("waitedMicros", 0L)));
            hold(item);
            if (!cf.complete(item)) { // the get was cancelled meanwhile: the item goes back, first in its partition
                unhold(item);
                if (!held.containsKey(item.id())) {
                    sendToCoordinator(new JsonObject().put("op", "release").put("id", item.id()).put("node", node));
                }
            }
        });
    }

    /**
     * Acknowledges an item got on this node: removes it from the cluster map (it is never handed out
     * again) and tells the coordinator.
     *
     * @param item the item from {@link #get()}
     * @return a stage completed once the item is removed from the map; it fails with
     *         {@link IllegalStateException} if this node does not hold {@code item} (this very object
     *         already acknowledged, or got from another queue). A second copy of an item (the same id
     *         handed out to this node again) is held on its own, and its acknowledgement is harmless.
     *         The map write is tried up to 5 times, backing off (about 1 s in all), while the
     *         cluster changes. If the stage fails otherwise (the map could not be written), the item's
     *         lease is no longer renewed: retry {@code taskDone}, or the item is handed out again once
     *         its lease runs out (at least once, never lost).
     */
    public CompletableFuture<Void> taskDone(WorkItem item) {
        Objects.requireNonNull(item, "item");
        CompletableFuture<Void> cf = new CompletableFuture<>();
        context.runOnContext(v -> {
            if (!unhold(item) && !failedAcks.remove(item)) {
                cf.completeExceptionally(new IllegalStateException("taskDone: item " + item.id() + " of " + address
                        + " is not held by this node (already done, or got from another queue)"));
                return;
            }
            acknowledge(item, 1, cf);
        });
        return cf;
    }

    /**
     * Removes the item from the map and tells the coordinator. A map write can fail for a while when
     * the cluster changes (a member lost, a split healing): it is tried again, backing off, before
     * the acknowledgement fails.
     */
    private void acknowledge(WorkItem item, int attempt, CompletableFuture<Void> cf) {
        items.remove(item.id()).onComplete(r -> {
            if (r.succeeded()) {
                sendToCoordinator(new JsonObject().put("op", "done").put("id", item.id()).put("node", node));
                cf.complete(null);
            } else if (attempt < ACK_ATTEMPTS && !closed) {
                vertx.setTimer(100L * attempt, id -> acknowledge(item, attempt + 1, cf));
            } else {
                failedAcks.add(item); // a retry may still acknowledge it; if none does, its lease runs out
                cf.completeExceptionally(r.cause());
            }
        });
    }

    /**
     * Waits until every item put to the queue, on any node, has been acknowledged (and at least one
     * was put).
     *
     * @return a stage completed then
     */
    public CompletableFuture<Void> join() {
        CompletableFuture<Void> cf = new CompletableFuture<>();
        context.runOnContext(v -> {
            waitFor(cf);
            joinPoll(cf);
        });
        return cf;
    }

    private void joinPoll(CompletableFuture<Void> cf) {
        if (cf.isDone() || failIfClosed(cf)) {
            return;
        }
        request(new JsonObject().put("op", "join"), pollMs + leaseMs, cf, reply -> {
            if (reply.body().getBoolean("finished", false)) {
                cf.complete(null);
            } else {
                joinPoll(cf);
            }
        });
    }

    /**
     * The cluster-wide counts, asked of the coordinator.
     *
     * @return a stage completed with them
     */
    public CompletableFuture<Counts> counts() {
        CompletableFuture<Counts> cf = new CompletableFuture<>();
        context.runOnContext(v -> {
            if (failIfClosed(cf)) {
                return;
            }
            waitFor(cf);
            request(new JsonObject().put("op", "counts"), pollMs, cf, reply -> {
                JsonObject b = reply.body();
                cf.complete(new Counts(b.getLong("ready"), b.getLong("inFlight"), b.getLong("done"), b.getLong("puts"),
                        b.getLong("redelivered")));
            });
        });
        return cf;
    }

    /** @return what this node's queue object did so far; safe from any thread (percentiles are approximate) */
    public NodeStatistics statistics() {
        return new NodeStatistics(messagesSent.get(), getOverhead.count(), getOverhead.percentile(50),
                getOverhead.percentile(99), putTime.percentile(99));
    }

    /** @return this node's id in the queue (tests) */
    String nodeId() {
        return node;
    }

    /** @return whether this node is the queue's coordinator now */
    public boolean isCoordinator() {
        return coordinator != null;
    }

    /**
     * Leaves the queue on this node: steps down if it is the coordinator (another node takes over at
     * its next heartbeat, within a third of the lease), and fails this node's puts, gets, joins and
     * counts still under way with {@link CancellationException} (a put that fails so may have stored
     * its item: put again by id if unsure). Items this node holds and has not acknowledged are handed
     * out again when their lease runs out.
     *
     * @return a stage completed once done
     */
    public CompletableFuture<Void> close() {
        CompletableFuture<Void> cf = new CompletableFuture<>();
        context.runOnContext(v -> {
            if (closed) {
                cf.complete(null);
                return;
            }
            closed = true;
            vertx.cancelTimer(timer);
            for (CompletableFuture<?> w : new java.util.ArrayList<>(waiting)) {
                failIfClosed(w); // an item that comes for a failed get afterwards goes back to the queue
            }
            QueueCoordinator c = coordinator;
            coordinator = null;
            if (c != null) {
                c.stop();
                leader = null;
                meta.removeIfPresent(LEADER_KEY, node).onComplete(r -> cf.complete(null));
            } else {
                cf.complete(null);
            }
        });
        return cf;
    }

    // ------------------------------------------------------------------ the node's periodic work

    /** Renews this node's leases (its items' and, if it coordinates, the leader's) or runs for leader. */
    private void heartbeat() {
        if (closed) {
            return;
        }
        if (electing) { // the last round's map operations are still under way (a slow or changing cluster)
            renewHeld();
            return;
        }
        electing = true;
        // the renewals go out once the lease is read, so that they reach a coordinator that just took over
        (coordinator != null ? keepLease() : runForLeader()).onComplete(r -> {
            electing = false;
            renewHeld();
        });
    }

    /** Renews the leases of the items this node holds. */
    private void renewHeld() {
        if (!held.isEmpty() && !closed) {
            sendToCoordinator(new JsonObject().put("op", "renew").put("node", node)
                    .put("ids", new JsonArray(new java.util.ArrayList<>(held.keySet()))));
        }
    }

    /** The coordinator renews its lease, or steps down if the lease names another node (or cannot be read). */
    private Future<?> keepLease() {
        // AsyncMap has no portable compare-and-set with a time-to-live (Hazelcast's map does not offer
        // replaceIfPresent with one): check, then put. The entry is renewed at a third of its life,
        // so it cannot run out between the two.
        return meta.get(LEADER_KEY).compose(holder -> {
            if (!node.equals(holder)) {
                leader = holder;
                return Future.succeededFuture(false);
            }
            return meta.put(LEADER_KEY, node, leaderTtlMs).map(true);
        }).andThen(r -> {
            if ((r.failed() || !r.result()) && coordinator != null && !closed) {
                coordinator.stop(); // lost the lease (paused or cut off): the next coordinator owns the state
                coordinator = null;
                if (r.failed()) {
                    leader = null;
                }
            }
        });
    }

    /** Takes the lease if nobody holds it (and becomes the coordinator), or learns who holds it. */
    private Future<?> runForLeader() {
        return meta.putIfAbsent(LEADER_KEY, node, leaderTtlMs).compose(prev -> {
            if (prev != null && !prev.equals(node)) {
                leader = prev;
                return Future.succeededFuture(false);
            }
            return Future.all(items.entries(), meta.get(STARTED_KEY)).map(all -> {
                if (!closed) {
                    QueueCoordinator c = new QueueCoordinator(vertx, address, node, items, meta, options, n -> messagesSent.addAndGet(n));
                    c.start(all.resultAt(0), all.resultAt(1) != null || sawStart);
                    coordinator = c;
                    leader = node;
                }
                return true;
            });
        });
    }

    /** The address the coordinator {@code nodeId} listens on. */
    static String coordinatorAddress(String queueAddress, String nodeId) {
        return queueAddress + ".coordinator." + nodeId;
    }

    /** The coordinator's node id: the one last read, or read from the map now (one read at a time). */
    private Future<String> leader() {
        if (leader != null) {
            return Future.succeededFuture(leader);
        }
        if (leaderLookup == null) {
            leaderLookup = meta.get(LEADER_KEY).andThen(r -> {
                leaderLookup = null;
                if (r.succeeded() && r.result() != null && leader == null) {
                    leader = r.result();
                }
            });
        }
        return leaderLookup.compose(l -> l != null ? Future.succeededFuture(l)
                : Future.failedFuture(new ReplyException(ReplyFailure.NO_HANDLERS, "the queue " + address + " has no coordinator now")));
    }

    /** A one-way message to the coordinator (renewals, acknowledgements); lost if there is none, as a renewal may be. */
    private void sendToCoordinator(JsonObject msg) {
        leader().onSuccess(l -> {
            messagesSent.incrementAndGet();
            vertx.eventBus().send(coordinatorAddress(address, l), msg);
        });
    }

    private void hold(WorkItem item) {
        held.computeIfAbsent(item.id(), k -> new java.util.ArrayList<>(1)).add(item);
    }

    /** Forgets this very copy; false if this node does not hold it. */
    private boolean unhold(WorkItem item) {
        java.util.List<WorkItem> copies = held.get(item.id());
        if (copies == null || !copies.removeIf(c -> c == item)) {
            return false;
        }
        if (copies.isEmpty()) {
            held.remove(item.id());
        }
        return true;
    }

    /** A request to the coordinator, retried while there is none (or it changes) until {@code cf} is done. */
    private void request(JsonObject msg, long timeoutMs, CompletableFuture<?> cf, java.util.function.Consumer<Message<JsonObject>> onReply) {
        leader().compose(l -> {
            messagesSent.incrementAndGet();
            return vertx.eventBus().<JsonObject>request(coordinatorAddress(address, l), msg, new DeliveryOptions().setSendTimeout(timeoutMs))
                    .andThen(r -> {
                        if (r.failed() && l.equals(leader)) {
                            leader = null; // read the lease again before the next try
                        }
                    });
        }).onComplete(r -> {
            if (r.succeeded()) {
                onReply.accept(r.result());
            } else if (r.cause() instanceof ReplyException re && re.failureType() == ReplyFailure.RECIPIENT_FAILURE
                    && re.failureCode() != NOT_COORDINATOR) {
                cf.completeExceptionally(re);
            } else if (!cf.isDone() && !failIfClosed(cf)) { // closed meanwhile: fail it, never leave it pending
                // no coordinator yet, a coordinator that died or stepped down, a map that failed: ask the next one
                vertx.setTimer(RETRY_MS, id -> {
                    if (!cf.isDone() && !failIfClosed(cf)) {
                        request(msg, timeoutMs, cf, onReply);
                    }
                });
            }
        });
    }

    /** Tracks {@code cf} while it waits, so that {@link #close()} can fail it. */
    private void waitFor(CompletableFuture<?> cf) {
        waiting.add(cf);
        cf.whenComplete((r, e) -> {
            if (((ContextInternal) context).inThread()) {
                waiting.remove(cf); // the usual case: completed on the queue's thread, no hop per item
            } else {
                context.runOnContext(v -> waiting.remove(cf)); // cancelled by the caller, on its thread
            }
        });
    }

    private boolean failIfClosed(CompletableFuture<?> cf) {
        if (closed) {
            cf.completeExceptionally(new CancellationException("the distributed queue " + address + " is closed on this node"));
        }
        return closed;
    }

    /** A bounded reservoir of the latest samples, for percentiles. */
    private static final class Samples {
        private final long[] values = new long[8192];
        private long count;

        synchronized void add(long v) {
            values[(int) (count++ % values.length)] = v;
        }

        synchronized long count() {
            return count;
        }

        synchronized long percentile(int p) {
            int n = (int) Math.min(count, values.length);
            if (n == 0) {
                return 0;
            }
            long[] sorted = Arrays.copyOf(values, n);
            Arrays.sort(sorted);
            return sorted[Math.max(0, Math.min(n - 1, (int) Math.ceil(p / 100.0 * n) - 1))];
        }
    }
}
