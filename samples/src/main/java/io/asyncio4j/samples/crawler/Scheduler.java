package io.asyncio4j.samples.crawler;

import io.asyncio4j.Async;
import io.asyncio4j.EventLoop;
import io.asyncio4j.Handle;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The downloader's slots, one per host ({@link HostSlot}), and the choice of what a worker does
 * next: a step of whichever host can start a request now, round robin over the hosts that can. A
 * worker never waits for one host while another has work it may start; it waits only when no host
 * can start anything (every slot full, or every host in its politeness pause), and then for the
 * first slot that frees or pause that ends. So one slow host fills its own slot (its per-host
 * limit) and the other hosts are crawled at full speed meanwhile.
 *
 * <p>Everything runs on the crawl's event loop (its tasks run one at a time): no lock. Politeness
 * pauses end on a loop timer; idle workers wait on a future each.
 */
final class Scheduler {
    private record Wake(long at, HostSlot host) {}

    private final EventLoop loop;
    private final Function<String, HostSlot> newHost;
    private final Runnable onIdle;
    private final Map<String, HostSlot> hosts = new HashMap<>();
    /** Hosts that can start a step now; each at most once ({@link HostSlot#inReady}). */
    private final ArrayDeque<HostSlot> ready = new ArrayDeque<>();
    /** Pages robots.txt disallows: recorded as refused, no request, no slot. */
    private final ArrayDeque<Step> refused = new ArrayDeque<>();
    /** Hosts whose pause ends at a time; stale entries (the host's wakeAt moved) are skipped. */
    private final PriorityQueue<Wake> wakes = new PriorityQueue<>(Comparator.comparingLong(Wake::at));
    private final ArrayDeque<CompletableFuture<Void>> idle = new ArrayDeque<>();
    private @Nullable Handle timer;
    private long timerAt = Long.MAX_VALUE;
    private boolean closed;

    /**
     * @param loop the crawl's loop, for the timers
     * @param newHost makes a host's slot the first time one of its URLs comes (its limits, its robots.txt step)
     * @param onIdle run when a worker finds nothing to do, before it waits (the output's flush)
     */
    Scheduler(EventLoop loop, Function<String, HostSlot> newHost, Runnable onIdle) {
        this.loop = loop;
        this.newHost = newHost;
        this.onIdle = onIdle;
    }

    /** @return the slot of {@code origin}, made on first use */
    HostSlot host(String origin) {
        HostSlot h = hosts.get(origin);
        if (h == null) {
            h = newHost.apply(origin);
            hosts.put(origin, h);
        }
        return h;
    }

    /** Queues a new page from the frontier in its host's slot. */
    void add(Frontier.Job job) {
        HostSlot h = host(Urls.origin(job.url()));
        if (h.robots != null && !h.robots.allows(Urls.pathAndQuery(job.url()))) {
            refuse(Step.page(job, h.origin));
            return;
        }
        h.fresh.add(job);
        reconsider(h, System.nanoTime());
    }

    /**
     * Puts a started step back: a retry after its pause, a redirect's next hop (maybe in another
     * host's slot), robots.txt's next try.
     */
    void putBack(Step s) {
        long now = System.nanoTime();
        HostSlot h = host(s.slotKey);
        if (s.kind == Step.Kind.ROBOTS) {
            h.robotsInFlight = false;
        } else if (s.kind == Step.Kind.PAGE && h.robots != null && !h.robots.allows(s.url.getRawPath() + query(s))) {
            refuse(s);
            return;
        } else {
            h.put(s, now);
        }
        reconsider(h, now);
    }

    /** A request of {@code h}'s ended: its place in the slot is free. */
    void release(HostSlot h) {
        h.active--;
        reconsider(h, System.nanoTime());
    }

    /** {@code h}'s robots.txt is read: its pages may start, those it disallows are refused, its Crawl-delay holds. */
    void robotsRead(HostSlot h, RobotsTxt rules) {
        h.robots = rules;
        h.robotsStep = null;
        h.robotsInFlight = false;
        if (rules.crawlDelay() != null) {
            h.baseDelayNanos = Math.max(h.baseDelayNanos, rules.crawlDelay().toNanos());
            h.delayNanos = Math.max(h.delayNanos, h.baseDelayNanos);
        }
        if (rules != RobotsTxt.ALLOW_ALL) {
            h.fresh.removeIf(job -> {
                if (!rules.allows(Urls.pathAndQuery(job.url()))) {
                    refuse(Step.page(job, h.origin));
                    return true;
                }
                return false;
            });
            h.resumed.removeIf(s -> !rules.allows(s.url.getRawPath() + query(s)) && refuse(s));
            if (h.later != null) {
                h.later.removeIf(s -> !rules.allows(s.url.getRawPath() + query(s)) && refuse(s));
            }
        }
        reconsider(h, System.nanoTime());
    }

    /**
     * The next step to run, in its host's slot (taken: release it when its request ends), or a
     * refused page (no slot). Waits while no host can start anything.
     *
     * @return the step, or null once {@link #close()}d
     */
    @Nullable Step next() {
        while (true) {
            Step s = refused.poll();
            if (s != null) {
                return s;
            }
            long now = System.nanoTime();
            HostSlot h;
            while ((h = ready.poll()) != null) {
                h.inReady = false;
                if (h.readyAt(now) > now + HostSlot.SLACK_NANOS || (s = h.take(now)) == null) {
                    reconsider(h, now);
                    continue;
                }
                h.active++;
                h.nextStart = now + h.delayNanos;
                s.slot = h;
                reconsider(h, now); // to the end of the ring: round robin over the hosts
                return s;
            }
            if (closed) {
                return null;
            }
            onIdle.run();
            CompletableFuture<Void> wake = new CompletableFuture<>();
            idle.add(wake);
            try {
                Async.await(wake);
            } catch (CancellationException e) {
                idle.remove(wake);
                throw e;
            }
        }
    }

    /** Releases the idle workers: {@link #next()} returns null from now on. */
    void close() {
        closed = true;
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        CompletableFuture<Void> w;
        while ((w = idle.poll()) != null) {
            w.complete(null);
        }
    }

    /** @return steps waiting in the slots (not in flight), for tests and the progress bar */
    long waiting() {
        long n = refused.size();
        for (HostSlot h : hosts.values()) {
            n += h.waiting();
        }
        return n;
    }

    /** @return the slot of {@code origin}, or null if none of its URLs came */
    @Nullable HostSlot existing(String origin) {
        return hosts.get(origin);
    }

    private boolean refuse(Step s) {
        s.refused = true;
        refused.add(s);
        wakeOne();
        return true;
    }

    private static String query(Step s) {
        return s.url.getRawQuery() == null ? "" : "?" + s.url.getRawQuery();
    }

    /** Puts {@code h} in the ready ring if it can start a step now, else sets a timer for when its pause ends. */
    private void reconsider(HostSlot h, long now) {
        if (h.inReady) {
            return;
        }
        long at = h.readyAt(now);
        if (at <= now + HostSlot.SLACK_NANOS) {
            h.inReady = true;
            ready.add(h);
            wakeOne();
        } else if (at != Long.MAX_VALUE && at < h.wakeAt) {
            h.wakeAt = at;
            wakes.add(new Wake(at, h));
            arm(at, now);
        }
    }

    private void wakeOne() {
        CompletableFuture<Void> w = idle.poll();
        if (w != null) {
            w.complete(null);
        }
    }

    private void arm(long at, long now) {
        if (closed || at >= timerAt) {
            return;
        }
        if (timer != null) {
            timer.cancel();
        }
        timerAt = at;
        timer = loop.callLater(Duration.ofNanos(Math.max(0, at - now)), this::onTimer);
    }

    private void onTimer() {
        timer = null;
        timerAt = Long.MAX_VALUE;
        long now = System.nanoTime();
        Wake w;
        while ((w = wakes.peek()) != null && w.at() <= now + HostSlot.SLACK_NANOS) {
            wakes.poll();
            if (w.host().wakeAt == w.at()) {
                w.host().wakeAt = Long.MAX_VALUE;
                reconsider(w.host(), now);
            }
        }
        if (w != null) {
            arm(w.at(), now);
        }
    }
}
