package io.asyncio4j.vertx;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The coordinator of a {@link DistributedWorkQueue}: the one node (the holder of the queue's leader
 * lease) that knows which items are ready, which are claimed by whom until when, and how many are
 * done. It answers the nodes' requests on an address of its own (see below). Its state is a cache of the
 * cluster map of items (the source of truth, written by the putters and cleared by the acks): a new
 * coordinator rebuilds it from that map, and every lease period it adopts items of the map it does
 * not know (puts acknowledged by a coordinator that had just lost its lease, or items a cluster
 * brought back when it healed from a split).
 *
 * <p>It listens on an address of its own node ({@link DistributedWorkQueue#coordinatorAddress}), which
 * the other nodes read from the lease: two nodes that both believe they coordinate (one cut off, or
 * paused past its lease, that has not noticed yet) never share the requests. It answers a join only
 * after checking, in the maps, that it still holds the lease and that no item is left: its own state
 * may miss items (a stale coordinator's does), the map does not.
 *
 * <p>Confined to the queue's context: every method runs there, one at a time, so the state is plain
 * collections.
 */
final class QueueCoordinator {
    /** An item as the coordinator keeps it. */
    record Entry(String id, String partition, String body) {}

    /** A claimed item: who holds it and until when its lease runs. */
    private static final class Claim {
        final Entry entry;
        final String node;
        long deadline;

        Claim(Entry entry, String node, long deadline) {
            this.entry = entry;
            this.node = node;
            this.deadline = deadline;
        }
    }

    /** One partition's ready items in order, its claimed count and when it may hand out next. */
    private static final class Partition {
        final ArrayDeque<Entry> ready = new ArrayDeque<>();
        int inFlight;
        long nextGrantAt;
    }

    /** A waiting get or join, with its arrival time (answered empty after the poll time). */
    private record Waiting(Message<JsonObject> message, long since) {}

    private final Vertx vertx;
    private final String address;
    private final String node;
    private final AsyncMap<String, String> items;
    private final AsyncMap<String, String> meta;
    private final DistributedWorkQueue.Options options;
    private final Consumer<Integer> messagesSent;
    private final long leaseMs;
    private final long pollMs;

    private final Map<String, Partition> partitions = new HashMap<>();
    private final List<Partition> ring = new ArrayList<>();
    private int cursor;
    private final Map<String, Entry> readyIndex = new HashMap<>();
    private final Map<String, Claim> inFlight = new HashMap<>();
    private final Set<String> completed = new HashSet<>();
    /** Hand-outs so far of each item not yet acknowledged; an item found in the map counts one already. */
    private final Map<String, Integer> deliveries = new HashMap<>();
    private final ArrayDeque<Waiting> gets = new ArrayDeque<>();
    private final List<Waiting> joins = new ArrayList<>();
    private boolean started;
    private long graceUntil;
    private long done;
    private long puts;
    private long redelivered;
    private long lastReconcile;
    private boolean reconciling;
    /** A join's check of the maps is under way. */
    private boolean verifying;
    private boolean stopped;
    private long intervalTimer = -1;
    private long tickTimer = -1;
    private MessageConsumer<JsonObject> consumer;

    QueueCoordinator(Vertx vertx, String address, String node, AsyncMap<String, String> items, AsyncMap<String, String> meta,
            DistributedWorkQueue.Options options, Consumer<Integer> messagesSent) {
        this.vertx = vertx;
        this.address = address;
        this.node = node;
        this.items = items;
        this.meta = meta;
        this.options = options;
        this.messagesSent = messagesSent;
        this.leaseMs = options.leaseTime().toMillis();
        this.pollMs = DistributedWorkQueue.pollMillis(options);
    }

    /**
     * Takes over with the items found in the cluster map. If there are any, nothing is handed out for
     * one lease period: the nodes that still hold some of them claim them back with their renewals.
     */
    void start(Map<String, String> loaded, boolean startedBefore) {
        long now = now();
        started = startedBefore || !loaded.isEmpty();
        adoptAll(loaded);
        graceUntil = loaded.isEmpty() ? 0 : now + leaseMs;
        lastReconcile = now;
        consumer = vertx.eventBus().consumer(DistributedWorkQueue.coordinatorAddress(address, node), this::onMessage);
        tickTimer = vertx.setPeriodic(Math.max(20, Math.min(leaseMs / 4, 250)), id -> tick());
    }

    /** Steps down: the requests waiting here are failed so that their senders ask the next coordinator. */
    void stop() {
        stopped = true;
        vertx.cancelTimer(tickTimer);
        if (intervalTimer >= 0) {
            vertx.cancelTimer(intervalTimer);
        }
        consumer.unregister();
        for (Waiting w : gets) {
            w.message.fail(DistributedWorkQueue.NOT_COORDINATOR, "the coordinator of " + address + " stepped down");
        }
        for (Waiting w : joins) {
            w.message.fail(DistributedWorkQueue.NOT_COORDINATOR, "the coordinator of " + address + " stepped down");
        }
        gets.clear();
        joins.clear();
    }

    private void onMessage(Message<JsonObject> m) {
        if (stopped) {
            m.fail(DistributedWorkQueue.NOT_COORDINATOR, "the coordinator of " + address + " stepped down");
            return;
        }
        JsonObject b = m.body();
        switch (b.getString("op", "")) {
            case "put" -> onPut(m, b);
            case "get" -> {
                gets.add(new Waiting(m, now()));
                dispatch();
            }
            case "done" -> onDone(b.getString("id"));
            case "renew" -> onRenew(b.getString("node"), b.getJsonArray("ids"));
            case "release" -> onRelease(b.getString("id"), b.getString("node"));
            case "join" -> {
                joins.add(new Waiting(m, now()));
                answerJoins();
            }
            case "counts" -> reply(m, counts());
            default -> m.fail(400, "unknown operation " + b.getString("op") + " on " + address);
        }
    }

    private void onPut(Message<JsonObject> m, JsonObject b) {
        String id = b.getString("id");
        boolean done = completed.contains(id);
        if (!done && !readyIndex.containsKey(id) && !inFlight.containsKey(id)) {
            add(new Entry(id, b.getString("p"), b.getString("body")));
            puts++;
        }
        JsonObject answer = new JsonObject().put("done", done);
        if (!started) {
            started = true;
            // remembered in the map, so that a later coordinator's join waits for no first item
            meta.put(DistributedWorkQueue.STARTED_KEY, "1").onComplete(r -> reply(m, answer));
        } else {
            reply(m, answer);
        }
        dispatch();
    }

    private void onDone(String id) {
        Claim c = inFlight.remove(id);
        if (c != null) {
            partitions.get(c.entry.partition()).inFlight--;
        } else {
            Entry e = readyIndex.remove(id); // its lease had run out and it was queued again
            if (e != null) {
                partitions.get(e.partition()).ready.remove(e);
            }
        }
        deliveries.remove(id);
        if (completed.add(id)) {
            done++;
        }
        dispatch();
        answerJoins();
    }

    private void onRenew(String node, JsonArray ids) {
        long deadline = now() + leaseMs;
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.getString(i);
            Claim c = inFlight.get(id);
            if (c != null) {
                if (c.node.equals(node)) {
                    c.deadline = deadline;
                }
                continue; // held by another node since: both will process it (at least once)
            }
            Entry e = readyIndex.remove(id);
            if (e != null) { // a holder that outlived its lease or the last coordinator: it keeps the item
                Partition p = partitions.get(e.partition());
                p.ready.remove(e);
                p.inFlight++;
                inFlight.put(id, new Claim(e, node, deadline));
            }
        }
    }

    private void onRelease(String id, String node) {
        Claim c = inFlight.get(id);
        if (c != null && c.node.equals(node)) {
            inFlight.remove(id);
            requeue(c);
            dispatch();
        }
    }

    /** Hands a claimed item out again, first in its partition. */
    private void requeue(Claim c) {
        Partition p = partitions.get(c.entry.partition());
        p.inFlight--;
        p.ready.addFirst(c.entry);
        readyIndex.put(c.entry.id(), c.entry);
    }

    private void tick() {
        long now = now();
        for (Iterator<Claim> it = inFlight.values().iterator(); it.hasNext(); ) {
            Claim c = it.next();
            if (c.deadline < now) { // its node died, paused, or left: hand it out again, first in its partition
                it.remove();
                requeue(c);
                redelivered++;
            }
        }
        while (!gets.isEmpty() && now - gets.peekFirst().since >= pollMs) {
            reply(gets.pollFirst().message, new JsonObject());
        }
        for (Iterator<Waiting> it = joins.iterator(); it.hasNext(); ) {
            Waiting w = it.next();
            if (now - w.since >= pollMs) {
                it.remove();
                reply(w.message, new JsonObject().put("finished", false));
            }
        }
        if (now - lastReconcile >= leaseMs) {
            reconcile();
        }
        dispatch();
        answerJoins();
    }

    /**
     * Adopts the items of the cluster map this coordinator does not know, and removes from it those it
     * knows are done (a copy a healed split brought back, or a put of a done id not yet cleared). One
     * at a time: a call while one is under way does nothing.
     */
    private void reconcile() {
        if (reconciling) {
            return;
        }
        reconciling = true;
        lastReconcile = now();
        items.entries().onComplete(r -> {
            reconciling = false;
            if (stopped || r.failed()) {
                return;
            }
            Map<String, String> unknown = new HashMap<>();
            r.result().forEach((id, stored) -> {
                if (completed.contains(id)) {
                    items.remove(id);
                } else if (!readyIndex.containsKey(id) && !inFlight.containsKey(id)) {
                    unknown.put(id, stored);
                }
            });
            if (!unknown.isEmpty()) {
                adoptAll(unknown);
                started = true;
            }
            dispatch();
        });
    }

    /** Queues items found in the map, in the order they were put (by the putters' clocks). */
    private void adoptAll(Map<String, String> found) {
        List<Map.Entry<String, JsonObject>> sorted = new ArrayList<>();
        found.forEach((id, stored) -> sorted.add(Map.entry(id, new JsonObject(stored))));
        sorted.sort(java.util.Comparator.<Map.Entry<String, JsonObject>>comparingLong(e -> e.getValue().getLong("t", 0L))
                .thenComparing(Map.Entry::getKey));
        for (Map.Entry<String, JsonObject> e : sorted) {
            add(new Entry(e.getKey(), e.getValue().getString("p"), e.getValue().getString("body")));
            deliveries.put(e.getKey(), 1); // it may have been handed out before this coordinator
        }
    }

    private void add(Entry e) {
        Partition p = partitions.computeIfAbsent(e.partition(), k -> {
            Partition np = new Partition();
            ring.add(np);
            return np;
        });
        p.ready.addLast(e);
        readyIndex.put(e.id(), e);
    }

    /** Hands ready items to waiting gets: partitions in turn, each in order, within its limits. */
    private void dispatch() {
        long now = now();
        if (now < graceUntil || stopped) {
            return;
        }
        long soonest = Long.MAX_VALUE;
        while (!gets.isEmpty() && !readyIndex.isEmpty()) {
            Partition chosen = null;
            for (int i = 0; i < ring.size(); i++) {
                Partition p = ring.get((cursor + i) % ring.size());
                if (p.ready.isEmpty() || (options.maxInFlightPerPartition() > 0 && p.inFlight >= options.maxInFlightPerPartition())) {
                    continue;
                }
                if (p.nextGrantAt > now) {
                    soonest = Math.min(soonest, p.nextGrantAt);
                    continue;
                }
                chosen = p;
                cursor = (cursor + i + 1) % ring.size();
                break;
            }
            if (chosen == null) {
                break;
            }
            Entry e = chosen.ready.pollFirst();
            readyIndex.remove(e.id());
            chosen.inFlight++;
            chosen.nextGrantAt = now + options.minIntervalPerPartition().toMillis();
            Waiting w = gets.pollFirst();
            String node = w.message.body().getString("node");
            inFlight.put(e.id(), new Claim(e, node, now + leaseMs));
            int delivery = deliveries.merge(e.id(), 1, Integer::sum);
            reply(w.message, new JsonObject().put("id", e.id()).put("p", e.partition()).put("body", e.body()).put("n", delivery)
                    .put("waitedMicros", (now - w.since) * 1000));
        }
        if (soonest != Long.MAX_VALUE && intervalTimer < 0 && !gets.isEmpty()) {
            intervalTimer = vertx.setTimer(Math.max(1, soonest - now), id -> {
                intervalTimer = -1;
                dispatch();
            });
        }
    }

    private boolean looksFinished() {
        return started && now() >= graceUntil && readyIndex.isEmpty() && inFlight.isEmpty();
    }

    /**
     * Answers the waiting joins once nothing is left: this coordinator's state says so, and then the
     * maps confirm it (the lease is still this node's, no item is stored). If the map holds items,
     * they are reconciled and the joins wait on.
     */
    private void answerJoins() {
        if (joins.isEmpty() || verifying || !looksFinished()) {
            return;
        }
        verifying = true;
        Future.all(meta.get(DistributedWorkQueue.LEADER_KEY), items.size()).onComplete(r -> {
            verifying = false;
            if (stopped || r.failed() || !node.equals(r.result().resultAt(0))) {
                return; // a map that failed is asked again at the next tick; a lost lease stops this coordinator soon
            }
            int stored = r.result().resultAt(1);
            if (stored > 0) {
                reconcile();
                return;
            }
            if (!looksFinished()) {
                return;
            }
            for (Waiting w : joins) {
                reply(w.message, new JsonObject().put("finished", true).put("done", done));
            }
            joins.clear();
        });
    }

    private JsonObject counts() {
        return new JsonObject().put("ready", readyIndex.size()).put("inFlight", inFlight.size()).put("done", done)
                .put("puts", puts).put("redelivered", redelivered);
    }

    private void reply(Message<JsonObject> m, JsonObject body) {
        messagesSent.accept(1);
        m.reply(body);
    }

    private static long now() {
        return System.nanoTime() / 1_000_000;
    }
}
