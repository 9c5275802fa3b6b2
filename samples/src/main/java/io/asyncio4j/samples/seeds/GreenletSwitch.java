package io.asyncio4j.samples.seeds;

import static io.asyncio4j.samples.seeds.DoSomeWork.seconds;

import io.asyncio4j.Async;
import io.asyncio4j.AsyncEvent;
import io.asyncio4j.Task;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 003, greenlet and gevent: two ways to switch between coroutines in one thread.
 *
 * <pre>
 * def func1():                def func2():             g1 = greenlet(func1)
 *     print(123)                  print(456)           g2 = greenlet(func2)
 *     time.sleep(0.5)             time.sleep(0.5)      g1.switch()
 *     g2.switch()                 print(456)
 *     print(123)                  g1.switch()
 * </pre>
 *
 * greenlet's {@code switch()} hands control to a named coroutine directly; asyncio4j (like asyncio)
 * has no such transfer: a task can only pause at an {@code await}, and the loop decides who runs
 * next. The sample builds the switch from what there is: each "greenlet" is a task with its own
 * {@link AsyncEvent}, and {@code switchTo(other)} sets the other's event and waits on its own. The
 * output is greenlet's: 123, 456, 456, 123. The greenlet left suspended at the end (g2) is garbage
 * in Python; here {@code Async.run} cancels it when main returns.
 *
 * <p>gevent's {@code spawn}/{@code joinall}, which switch on I/O by themselves, are simply tasks and
 * {@code gather}, shown with the seed's three gevent programs:
 *
 * <pre>
 * def func1():               def func2():        g1 = gevent.spawn(func1); g2 = gevent.spawn(func2)
 *     print(123)                 print(456)      gevent.joinall([g1, g2])
 *     gevent.sleep(1)            gevent.sleep(1) g_l = [gevent.spawn(func1) for i in range(10)]
 *     print(123)                 print(456)      gevent.joinall(g_l)
 *
 * monkey.patch_all()         # "示例大变身": time.sleep now switches too
 * def func1(): print(123); time.sleep(3); print(456)
 * def func2(): print('---------'); time.sleep(1); print('=========')
 * gevent.joinall([gevent.spawn(func1), gevent.spawn(func2)]); print('main')
 * print(g1.value)            # the greenlet's return value, None if it has not finished
 * </pre>
 *
 * <p>There is nothing to monkey-patch: {@code Async.sleep} is the sleep that lets other tasks run, and a
 * {@code Thread.sleep} in a blocking-style body holds the loop as an unpatched {@code time.sleep} holds
 * gevent's hub. {@code g1.value} is {@link Task#result()}, which throws while the task is not done
 * (asyncio's {@code InvalidStateError}) instead of answering None. Ten tasks that each sleep one unit take
 * about one unit together.
 */
public final class GreenletSwitch {
    private GreenletSwitch() {}

    /** A task that runs only when switched to. */
    static final class Greenlet {
        final AsyncEvent turn = new AsyncEvent();

        /** {@code other.switch()}: wake {@code other}, then wait until switched back to. */
        void switchTo(Greenlet other) {
            turn.clear();
            other.turn.set();
            Async.await(turn.await());
        }
    }

    static Void printSleepPrint(String before, double units, String after) {
        System.out.println(before);
        Async.await(Async.sleep(seconds(units)));
        System.out.println(after);
        return null;
    }

    /**
     * Runs the greenlet switch, then gevent's spawn and joinall.
     *
     * @param args optional: seconds per unit of sleep
     */
    public static void main(String[] args) {
        DoSomeWork.setUnit(args);
        Async.run(() -> {
            Greenlet g1 = new Greenlet();
            Greenlet g2 = new Greenlet();
            Task<Void> t1 = Async.createTask("g1", () -> {
                Async.await(g1.turn.await());
                System.out.println(123);
                Async.await(Async.sleep(seconds(0.5)));
                g1.switchTo(g2);
                System.out.println(123);
                return null;
            });
            Async.createTask("g2", () -> {
                Async.await(g2.turn.await());
                System.out.println(456);
                Async.await(Async.sleep(seconds(0.5)));
                System.out.println(456);
                g2.switchTo(g1); // never switched back to: cancelled when main returns
                return null;
            });
            g1.turn.set(); // g1.switch()
            Async.await(t1);
        });

        // g1 = gevent.spawn(func1); g2 = gevent.spawn(func2); gevent.joinall([g1, g2])
        Async.run(() -> {
            Task<Void> g1 = Async.createTask(() -> printSleepPrint("123", 1, "123"));
            Task<Void> g2 = Async.createTask(() -> printSleepPrint("456", 1, "456"));
            Async.await(Async.gather(g1, g2));
        });
        // monkey.patch_all(); the same with time.sleep, then print('main') and g1.value
        Async.run(() -> {
            Task<Void> g1 = Async.createTask(() -> printSleepPrint("123", 3, "456"));
            Task<Void> g2 = Async.createTask(() -> printSleepPrint("---------", 1, "========="));
            Async.await(Async.gather(g1, g2));
            System.out.println("main");
            System.out.println("g1.value: " + g1.result());
        });

        // g_l = [gevent.spawn(func1) for i in range(10)]; gevent.joinall(g_l)
        long start = System.nanoTime();
        Async.run(() -> {
            List<Task<Void>> spawned = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                spawned.add(Async.createTask(() -> {
                    Async.await(Async.sleep(seconds(1)));
                    return null;
                }));
            }
            Async.await(Async.gather(spawned));
        });
        double units = (System.nanoTime() - start) / 1e9 / DoSomeWork.unit;
        System.out.printf("joinall of 10 spawned sleeps of 1 unit took %.1f units%n", units);
    }
}
