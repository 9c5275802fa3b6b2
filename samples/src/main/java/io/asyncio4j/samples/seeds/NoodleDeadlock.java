package io.asyncio4j.samples.seeds;

import static io.asyncio4j.samples.seeds.DoSomeWork.seconds;

import io.asyncio4j.Async;
import io.asyncio4j.AsyncLock;
import io.asyncio4j.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/**
 * Seed 003, "死锁" (deadlock): two eaters need both the noodles and the fork. {@code eat1} takes the
 * noodles first, {@code eat2} the fork first; each holds one and waits forever for the other.
 * Shown three ways:
 * <ol>
 * <li>the deadlock, detected: the second lock is awaited with a timeout
 *     ({@code Async.waitFor(lock.acquire(), patience)}); the eater who gives up puts down what he
 *     holds, which lets the other eat;</li>
 * <li>fixed with one lock order: everybody takes the noodles, then the fork;</li>
 * <li>fixed with one lock for both (the seed's "代码优化").</li>
 * </ol>
 * The seed's other fix, {@code noodle_lock = fork_lock = RLock()}, has no counterpart: asyncio4j, like
 * asyncio, has no reentrant lock (a task that acquires an {@code AsyncLock} twice waits for itself).
 * The third variant is what that fix amounts to: one lock.
 *
 * <pre>
 * def eat1(name, noodle_lock, fork_lock):     def eat2(name, noodle_lock, fork_lock):
 *     noodle_lock.acquire()                       fork_lock.acquire()
 *     fork_lock.acquire()                         noodle_lock.acquire()
 *     ...                                         ...
 * </pre>
 */
public final class NoodleDeadlock {
    private static final List<String> EATERS = List.of("henry", "echo", "dean", "daniel");

    private NoodleDeadlock() {}

    /** A lock with the name of what it guards, for the printout. */
    record Utensil(String name, AsyncLock lock) {
        Utensil(String name) {
            this(name, new AsyncLock());
        }
    }

    /**
     * Takes {@code first}, pauses (the seed's {@code time.sleep(0.1)}: long enough for the other eater
     * to take his first), then waits at most {@code patience} for {@code second}.
     *
     * @return true if the eater ate, false if he gave up (a deadlock detected)
     */
    static boolean eat(String name, Utensil first, Utensil second, Duration patience) {
        Async.await(first.lock().acquire());
        try {
            System.out.println(name + " took the " + first.name());
            Async.await(Async.sleep(seconds(0.1)));
            try {
                Async.await(Async.waitFor(second.lock().acquire(), patience));
            } catch (CompletionException e) {
                if (!(e.getCause() instanceof TimeoutException)) {
                    throw e;
                }
                System.out.println(name + " waited too long for the " + second.name()
                        + ": deadlock detected, puts the " + first.name() + " down");
                return false;
            }
            try {
                System.out.println(name + " took the " + second.name() + " and ate a mouthful");
            } finally {
                second.lock().release();
            }
            return true;
        } finally {
            first.lock().release();
        }
    }

    /** One eater's way of eating, given his name. */
    @FunctionalInterface
    interface Eater {
        boolean eat(String name);
    }

    static long dinner(String title, List<Eater> eaters) {
        System.out.println("== " + title);
        return Async.run(() -> {
            List<Task<Boolean>> tasks = new ArrayList<>();
            for (int i = 0; i < eaters.size(); i++) {
                String name = EATERS.get(i);
                Eater eater = eaters.get(i);
                tasks.add(Async.createTask(name, () -> eater.eat(name)));
            }
            return Async.await(Async.gather(tasks)).stream().filter(ate -> ate).count();
        });
    }

    /**
     * Runs the deadlock and its two fixes.
     *
     * @param args optional: seconds per unit of sleep
     */
    public static void main(String[] args) {
        DoSomeWork.setUnit(args);
        Utensil noodles = new Utensil("noodles");
        Utensil fork = new Utensil("fork");
        // different patience, so that usually one gives up first and the other then eats; on a
        // stalled machine both may give up: the deadlock is detected either way
        long ate = dinner("two lock orders: eat1 takes noodles then fork, eat2 fork then noodles", List.of(
                name -> eat(name, noodles, fork, seconds(2)),
                name -> eat(name, fork, noodles, seconds(6))));
        System.out.println("deadlock: " + ate + " of 2 ate");

        Duration forever = Duration.ofDays(1);
        ate = dinner("fix 1, one lock order: noodles, then fork", List.of(
                name -> eat(name, noodles, fork, forever), name -> eat(name, noodles, fork, forever),
                name -> eat(name, noodles, fork, forever), name -> eat(name, noodles, fork, forever)));
        System.out.println("one lock order: " + ate + " of 4 ate");

        AsyncLock table = new AsyncLock();
        ate = dinner("fix 2, one lock for noodles and fork", List.of(
                name -> table.withLock(() -> eatAlone(name)), name -> table.withLock(() -> eatAlone(name)),
                name -> table.withLock(() -> eatAlone(name)), name -> table.withLock(() -> eatAlone(name))));
        System.out.println("one lock: " + ate + " of 4 ate");
    }

    private static boolean eatAlone(String name) {
        System.out.println(name + " took the noodles and the fork");
        Async.await(Async.sleep(seconds(0.1)));
        System.out.println(name + " ate a mouthful");
        return true;
    }
}
