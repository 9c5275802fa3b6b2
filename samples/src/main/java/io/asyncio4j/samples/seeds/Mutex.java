package io.asyncio4j.samples.seeds;

import io.asyncio4j.Async;
import io.asyncio4j.AsyncLock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.spi.ToolProvider;

/**
 * Seed 003, "1.1 互斥锁" (the mutex), three programs: why {@code a += 1} is not safe between threads even
 * under the GIL ({@code dis} shows it is four instructions, and a thread switch can fall between the read
 * and the write); two threads adding and subtracting two million times under one lock, which ends at
 * 0; and a lock taken twice by the same thread, which waits for itself for ever.
 *
 * <pre>
 * import dis                        from threading import Thread, Lock      lock = Lock()
 * a = 0                             a = 0                                   lock.acquire()
 * def func():                       def add_f(lock):                        print('-------------')
 *     global a                          global a                            lock.acquire()   # never returns
 *     a += 1                            with lock:                          print('-------------')
 * dis.dis(func)                             for i in range(2000000):
 *   LOAD_GLOBAL   a                             a += 1
 *   LOAD_CONST    1                 def sub_f(lock): ... a -= 1 ...
 *   INPLACE_ADD                     t1 = Thread(target=add_f, args=(lock,)); t2 = ... sub_f ...
 *   STORE_GLOBAL  a                 t1.start(); t2.start(); t1.join(); t2.join(); print(a)
 * </pre>
 *
 * <p>How Java differs. There is no {@code dis}; the JDK's disassembler is {@code javap -c}, and
 * {@code a += 1} on a static field compiles to the same four steps: {@code getstatic}, {@code iconst_1},
 * {@code iadd}, {@code putstatic}. The sample runs {@code javap} on its own class (through
 * {@link ToolProvider}; a runtime without the JDK's tools gets the listing printed instead). The JVM has
 * no GIL, so its threads run those steps truly at once on two cores and lose updates far more often than
 * Python's threads do: the sample runs add and subtract without a lock first, then with the seed's lock.
 * The lock is asyncio4j's {@link AsyncLock}, which plain threads use too ({@code withLock} blocks a
 * thread; a task it suspends); Java's own answers are {@code synchronized} or an {@code AtomicInteger}.
 * Like Python's {@code Lock}, an {@code AsyncLock} is not reentrant: the second acquire waits for ever,
 * so the sample waits with a timeout ({@code Async.waitFor}) and reports the deadlock. Java's built-in
 * locks ({@code synchronized}, {@link ReentrantLock}) are reentrant, like Python's {@code RLock}.
 *
 * <p>Run: {@code java -jar samples/target/asyncio4j-samples.jar mutex [secondsPerUnit]} (default 1.0;
 * the unit is the patience of the second acquire).
 */
public final class Mutex {
    private static final int TIMES = 2_000_000;
    private static int a;

    private Mutex() {}

    /** The seed's {@code func}: what {@code javap -c} disassembles. */
    static void func() {
        a += 1;
    }

    static void addF() {
        for (int i = 0; i < TIMES; i++) {
            a += 1;
        }
    }

    static void subF() {
        for (int i = 0; i < TIMES; i++) {
            a -= 1;
        }
    }

    /**
     * Runs the three programs.
     *
     * @param args optional: seconds per unit of sleep
     * @throws InterruptedException if interrupted while joining a thread
     */
    public static void main(String[] args) throws InterruptedException {
        DoSomeWork.setUnit(args);
        System.out.println("== dis.dis(func): javap -c of a += 1");
        System.out.println(disassemble());

        a = 0;
        runBoth(Mutex::addF, Mutex::subF);
        System.out.println("no lock: a = " + a
                + " (lost updates: each thread read a, and wrote it back over the other's write)");

        System.out.println("== add and subtract under one lock");
        a = 0;
        AsyncLock lock = new AsyncLock();
        runBoth(() -> lock.withLock(() -> {
            addF();
            return null;
        }), () -> lock.withLock(() -> {
            subF();
            return null;
        }));
        System.out.println(a);

        System.out.println("== a lock taken twice");
        AsyncLock once = new AsyncLock();
        Async.await(once.acquire());
        System.out.println("-------------");
        try {
            Async.await(Async.waitFor(once.acquire(), DoSomeWork.seconds(1)));
            System.out.println("-------------");
        } catch (CompletionException e) {
            if (!(e.getCause() instanceof TimeoutException)) {
                throw e;
            }
            System.out.println("deadlock: the second acquire waits for this thread itself (timed out after 1 unit)");
        }
        once.release();
        ReentrantLock reentrant = new ReentrantLock();
        reentrant.lock();
        reentrant.lock();
        int held = reentrant.getHoldCount();
        System.out.println("Java's ReentrantLock taken twice by one thread: held " + held + " times");
        reentrant.unlock();
        reentrant.unlock();
    }

    private static void runBoth(Runnable add, Runnable sub) throws InterruptedException {
        Thread t1 = new Thread(add);
        Thread t2 = new Thread(sub);
        t1.start();
        t2.start();
        t1.join();
        t2.join();
    }

    /** {@code javap -c} of {@link #func()}, or the listing it prints when the runtime has no javap. */
    static String disassemble() {
        Optional<ToolProvider> javap = ToolProvider.findFirst("javap");
        if (javap.isPresent()) {
            StringWriter out = new StringWriter();
            int code = javap.get().run(new PrintWriter(out), new PrintWriter(out), "-c", "-p", "-cp",
                    System.getProperty("java.class.path"), Mutex.class.getName());
            List<String> lines = out.toString().lines().toList();
            int start = lines.indexOf("  static void func();");
            if (code == 0 && start >= 0) {
                List<String> method = new ArrayList<>();
                for (String line : lines.subList(start, lines.size())) {
                    method.add(line);
                    if (line.strip().endsWith("return")) {
                        break;
                    }
                }
                return String.join("\n", method);
            }
        }
        return """
                  static void func();
                    Code:
                       0: getstatic     #7                  // Field a:I
                       3: iconst_1
                       4: iadd
                       5: putstatic     #7                  // Field a:I
                       8: return
                (javap is not in this runtime: this is what it prints)""";
    }
}
