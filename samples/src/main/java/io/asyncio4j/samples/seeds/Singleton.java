package io.asyncio4j.samples.seeds;

import io.asyncio4j.Async;
import io.asyncio4j.AsyncLock;
import io.asyncio4j.Task;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Seed 003, "1.2 单例模式" (the singleton): ten threads ask for the one instance at once; the check and the
 * creation sit under a class-level lock, and a random sleep between them invites a thread switch, so
 * that without the lock several threads would each create one. All ten print the same object.
 *
 * <pre>
 * class Singleton:
 *     __instance = None
 *     lock = Lock()
 *     def __new__(cls, *args, **kwargs):
 *         with cls.lock:
 *             if not cls.__instance:
 *                 time.sleep(random.random())
 *                 cls.__instance = super().__new__(cls)
 *         return cls.__instance
 * def fun():
 *     print(Singleton())
 * for i in range(10): Thread(target=fun).start() ...
 * </pre>
 *
 * <p>How Java differs: a constructor always makes a new object, so the check lives in a static
 * {@code instance()} method instead of {@code __new__}. The sample runs it without the lock first (several
 * instances), then with the seed's lock ({@link AsyncLock}, which plain threads can hold), then Java's
 * own idiom, which needs no lock code at all: a holder class whose static field the JVM initialises once,
 * under its class-initialisation lock, the first time it is read. Tasks need the lock as threads do when
 * the check and the creation are separated by an {@code await}: the last part makes ten tasks ask at once.
 *
 * <p>Run: {@code java -jar samples/target/asyncio4j-samples.jar singleton [secondsPerUnit]} (default 1.0).
 */
public final class Singleton {
    private static final AsyncLock LOCK = new AsyncLock();
    private static Singleton instance;

    private Singleton() {}

    /** The seed's {@code __new__}, without its lock. */
    static Singleton unlocked() {
        if (instance == null) {
            sleepRandom();
            instance = new Singleton();
        }
        return instance;
    }

    /** The seed's {@code __new__}: {@code with cls.lock:}. */
    static Singleton locked() {
        return LOCK.withLock(Singleton::unlocked);
    }

    /** Java's idiom: the JVM initialises {@code Holder} once, on first use, under its own lock. */
    static Singleton held() {
        return Holder.INSTANCE;
    }

    private static final class Holder {
        static final Singleton INSTANCE = new Singleton();
    }

    private static void sleepRandom() {
        try {
            Thread.sleep(DoSomeWork.seconds(ThreadLocalRandom.current().nextDouble()).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ten threads call {@code fun()}; returns how many distinct objects they saw. */
    static int tenThreads(Supplier<Singleton> fun, boolean print) throws InterruptedException {
        Map<Singleton, Boolean> seen = java.util.Collections.synchronizedMap(new IdentityHashMap<>());
        List<Thread> li = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Thread t = new Thread(() -> {
                Singleton s = fun.get();
                seen.put(s, true);
                if (print) {
                    System.out.println(s);
                }
            });
            li.add(t);
            t.start();
        }
        for (Thread t : li) {
            t.join();
        }
        return seen.size();
    }

    /**
     * Runs the four variants.
     *
     * @param args optional: seconds per unit of sleep
     * @throws InterruptedException if interrupted while joining a thread
     */
    public static void main(String[] args) throws InterruptedException {
        DoSomeWork.setUnit(args);
        instance = null;
        int unlocked = tenThreads(Singleton::unlocked, false);
        System.out.println("without the lock: ten threads saw " + unlocked + " instance(s)");
        instance = null;
        System.out.println("-- with the seed's lock");
        System.out.println("ten threads saw " + tenThreads(Singleton::locked, true) + " instance(s)");
        int held = tenThreads(Singleton::held, false);
        System.out.println("Java's holder idiom: ten threads saw " + held + " instance(s)");

        instance = null;
        int tasks = Async.run(() -> {
            List<Task<Singleton>> asking = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                asking.add(Async.createTask(() -> LOCK.withLock(() -> {
                    if (instance == null) {
                        Async.await(Async.sleep(DoSomeWork.seconds(0.1))); // an await between check and creation
                        instance = new Singleton();
                    }
                    return instance;
                })));
            }
            Map<Singleton, Boolean> seen = new IdentityHashMap<>();
            for (Singleton s : Async.await(Async.gather(asking))) {
                seen.put(s, true);
            }
            return seen.size();
        });
        System.out.println("ten tasks with the lock across an await saw " + tasks + " instance(s)");
    }
}
