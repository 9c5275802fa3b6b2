package io.asyncio4j.samples.seeds;

import io.asyncio4j.Async;
import io.asyncio4j.AsyncChannel;
import io.asyncio4j.AsyncEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/**
 * Seeds 000, 002 and 003 explain coroutines through Python generators: {@code yield} pauses a
 * function and hands out a value, {@code next(g)} / {@code g.send(v)} resumes it, and an event loop
 * is "a third party that keeps looping over all tasks" — in the seed, a loop that sleeps until the
 * earliest wake-up time any generator has yielded.
 *
 * <pre>
 * def sleep(num):                 g1 = sleep(1); g2 = sleep(2)
 *     t = num + time.time()       t1 = next(g1); t2 = next(g2)
 *     yield t                     time.sleep(min(t1, t2) - time.time()); next(g1)   # 'sleep 结束'
 *     print('sleep 结束')          time.sleep(max(t1, t2) - time.time()); next(g2)
 * </pre>
 *
 * Java has no {@code yield} that suspends a method. The closest shape, shown here, is a task that
 * pauses at a rendezvous: {@link Gen#yield_} hands a value over an {@link AsyncChannel} and waits on
 * an {@link AsyncEvent} to be resumed; {@link Gen#send} sets the event and takes the next value.
 * The sample runs the seed's hand-made scheduler on such generators, then shows that an event loop
 * does the same job with {@code Async.sleep}: each waiting task is a timer, and the loop wakes the
 * earliest first.
 */
public final class Generators {
    private Generators() {}

    /**
     * A generator written as a task: {@code yield_(v)} pauses it, {@code send(x)} resumes it and
     * returns the next yielded value; {@link NoSuchElementException} is {@code StopIteration}.
     */
    static final class Gen<T> {
        private final AsyncChannel<T> out = new AsyncChannel<>(AsyncChannel.RENDEZVOUS);
        private final AsyncEvent resumed = new AsyncEvent();
        private volatile Object sent;

        Gen(Consumer<Gen<T>> body) {
            Async.createTask(() -> {
                awaitResume();
                try {
                    body.accept(this);
                } finally {
                    out.close(); // StopIteration for the next send
                }
                return null;
            });
        }

        /** {@code x = yield v}. */
        Object yield_(T v) {
            Async.await(out.send(v));
            return awaitResume();
        }

        /** {@code g.send(x)} ({@code next(g)} is {@code send(null)}). */
        T send(Object x) {
            sent = x;
            resumed.set();
            try {
                return Async.await(out.receive());
            } catch (RuntimeException closed) {
                throw new NoSuchElementException("StopIteration");
            }
        }

        private Object awaitResume() {
            Async.await(resumed.await());
            resumed.clear();
            return sent;
        }
    }

    /** The seed's {@code sleep(num)} generator: yields its wake-up time, then reports the end. */
    static Gen<Long> sleep(double num, List<String> log) {
        return new Gen<>(g -> {
            g.yield_(System.nanoTime() + DoSomeWork.seconds(num).toNanos());
            log.add("sleep " + num + " ended");
        });
    }

    /** The seed's hand-made event loop: sleep until the earliest yielded time, resume that one. */
    static void handMadeLoop(List<String> log) {
        Gen<Long> g1 = sleep(1, log);
        Gen<Long> g2 = sleep(2, log);
        long t1 = g1.send(null);
        long t2 = g2.send(null);
        List<Waiting> ready = new ArrayList<>(List.of(new Waiting(t1, g1), new Waiting(t2, g2)));
        ready.sort(java.util.Comparator.comparingLong(Waiting::wakeAt));
        for (Waiting w : ready) {
            long wait = w.wakeAt() - System.nanoTime();
            if (wait > 0) {
                Async.await(Async.sleep(Duration.ofNanos(wait))); // time.sleep(min_t - time.time())
            }
            try {
                w.gen().send(null);
            } catch (NoSuchElementException stop) {
                // the generator returned: StopIteration, as expected
            }
        }
    }

    /** A generator paused until {@code wakeAt} (nanoTime). */
    record Waiting(long wakeAt, Gen<Long> gen) {}

    /**
     * Runs the hand-made loop on generators, then the same two sleeps as tasks on the event loop.
     *
     * @param args optional: seconds per unit of sleep
     */
    public static void main(String[] args) {
        DoSomeWork.setUnit(args);
        List<String> log = new ArrayList<>();
        Async.run(() -> handMadeLoop(log));
        log.forEach(line -> System.out.println("generators: " + line));

        // seed 002: "the coroutine pauses at yield until the main thread send()s it data"
        Async.run(() -> {
            Gen<String> echo = new Gen<>(g -> {
                Object x = g.yield_("ready");
                while (x != null) {
                    x = g.yield_("got " + x);
                }
            });
            System.out.println("send: " + echo.send(null) + ", " + echo.send("a") + ", " + echo.send("b"));
        });

        // the event loop does the hand-made loop's job: each sleeping task is a timer, earliest first
        List<String> tasks = new java.util.concurrent.CopyOnWriteArrayList<>();
        Async.run(() -> Async.await(Async.gather(
                Async.createTask(() -> tasks.add(Async.await(Async.sleep(DoSomeWork.seconds(2), "sleep 2.0 ended")))),
                Async.createTask(() -> tasks.add(Async.await(Async.sleep(DoSomeWork.seconds(1), "sleep 1.0 ended")))))));
        tasks.forEach(line -> System.out.println("tasks: " + line));
    }
}
