package io.asyncio4j.samples.seeds;

import static io.asyncio4j.samples.seeds.DoSomeWork.seconds;

import io.asyncio4j.Async;
import io.asyncio4j.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * Seed 003, "4. python操作线程" (threads in Python), its seven programs in a row:
 * <ol>
 *   <li>4.1 start a thread: {@code Thread(target=func).start()}; main goes on at once;</li>
 *   <li>4.1 start ten: the OS decides their order;</li>
 *   <li>4.2 {@code join}: main waits for all ten, then says so;</li>
 *   <li>4.3 a subclass of {@code Thread} with its own {@code run()}, printing {@code self.ident};</li>
 *   <li>4.4 {@code current_thread()}, {@code enumerate()}, {@code active_count()};</li>
 *   <li>4.6 a hundred threads each do {@code n -= 1} on a global;</li>
 *   <li>4.7 a daemon thread that loops for ever dies when the program ends.</li>
 * </ol>
 *
 * <pre>
 * def func():                                  t_l = []
 *     print('start son thread')                for i in range(10):
 *     time.sleep(1)                                t = Thread(target=func); t.start(); t_l.append(t)
 *     print('end son thread', os.getpid())     for i in t_l: i.join()
 * Thread(target=func).start()                  print('子线程执行结束')
 * print('start'); time.sleep(0.5); print('end', os.getpid())
 * class MyThread(Thread):                      n = 100
 *     def __init__(self, i):                   def son():
 *         self.i = i; super().__init__()           global n; n -= 1
 *     def run(self):                           t = Thread(target=son); t.daemon = True   # 4.7: son loops for ever
 *         print(self.i, self.ident)            print(current_thread().ident, enumerate(), active_count())
 * </pre>
 *
 * <p>How Java differs: Java has threads of its own, and each of these programs is written with
 * {@link Thread} as the seed writes it with {@code threading.Thread}: {@code new Thread(func).start()},
 * {@code join()}, a subclass overriding {@code run()}, {@code threadId()}/{@code getId()} for
 * {@code ident}, {@code Thread.activeCount()}, {@code setDaemon(true)}. What asyncio4j adds is asyncio's
 * way to use threads, shown after each: {@code asyncio.to_thread} ({@link Async#toThread}) runs a
 * blocking function on a worker thread and {@link Async#gather} joins them; {@link Async#currentTask} and
 * {@link Async#allTasks} are {@code current_thread} and {@code enumerate} for tasks; a hundred tasks
 * decrementing {@code n} cannot lose an update, since the tasks of one loop never run at once (the JVM
 * has no GIL, so a hundred threads can, see {@code mutex}); and there are no daemon tasks:
 * {@code Async.run} cancels what is still running when main returns. The seed's 4.4 calls
 * {@code print(..., i, ...)} with no {@code i} defined, and its 4.7 has a {@code for} loop with no body;
 * the sample prints the thread's name and gives {@code son2} nothing to do.
 *
 * <p>Run: {@code java -jar samples/target/asyncio4j-samples.jar threads [secondsPerUnit]} (default 1.0).
 */
public final class ThreadBasics {
    private static int n = 100;

    private ThreadBasics() {}

    static void func() {
        System.out.println("start son thread");
        sleep(1);
        System.out.println("end son thread " + ProcessHandle.current().pid());
    }

    static void sleep(double units) {
        try {
            Thread.sleep(seconds(units).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted");
        }
    }

    /** 4.3: {@code class MyThread(Thread)}. */
    static final class MyThread extends Thread {
        private final int i;

        MyThread(int i) {
            this.i = i;
        }

        @Override
        public void run() {
            System.out.println(i + " " + getId()); // self.ident
        }
    }

    /**
     * Runs the seven programs.
     *
     * @param args optional: seconds per unit of sleep
     * @throws InterruptedException if interrupted while joining a thread
     */
    public static void main(String[] args) throws InterruptedException {
        DoSomeWork.setUnit(args);
        long pid = ProcessHandle.current().pid();

        System.out.println("== 4.1 start a thread");
        Thread t = new Thread(ThreadBasics::func);
        t.start();
        System.out.println("start");
        sleep(0.5);
        System.out.println("end " + pid);
        t.join(); // the seed's program ends here, and Python waits for the thread: so does the JVM

        System.out.println("== 4.1 start ten threads");
        List<Thread> tL = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Thread ti = new Thread(ThreadBasics::func);
            ti.start();
            tL.add(ti);
        }
        for (Thread ti : tL) {
            ti.join(); // not in the seed: its program ends here; the sample goes on
        }

        System.out.println("== 4.2 join");
        tL.clear();
        for (int i = 0; i < 10; i++) {
            Thread ti = new Thread(ThreadBasics::func);
            ti.start();
            tL.add(ti);
        }
        for (Thread ti : tL) {
            ti.join();
        }
        System.out.println("子线程执行结束");
        System.out.println("-- asyncio's way: ten asyncio.to_thread(func), gathered");
        Async.run(() -> {
            List<CompletableFuture<Void>> calls = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                calls.add(Async.toThread(() -> {
                    func();
                    return null;
                }));
            }
            Async.await(Async.gather(calls));
            System.out.println("子线程执行结束");
        });

        System.out.println("== 4.3 a Thread subclass");
        List<MyThread> mine = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            MyThread mt = new MyThread(i);
            mine.add(mt);
            mt.start();
        }
        for (MyThread mt : mine) {
            mt.join();
        }
        System.out.println("主进程结束");

        System.out.println("== 4.4 current_thread, enumerate, active_count");
        Thread t4 = new Thread(() -> {
            System.out.println("start son thread " + Thread.currentThread());
            sleep(1);
            System.out.println("end son thread " + pid);
        });
        t4.start();
        System.out.println(t4.getId()); // t.ident
        System.out.println(Thread.currentThread().getId()); // current_thread().ident
        // enumerate(): every live thread of this JVM, the JVM's own among them
        System.out.println(Thread.getAllStackTraces().keySet().stream().map(Thread::getName).sorted()
                .collect(Collectors.joining(", ", "[", "]")));
        System.out.println(Thread.activeCount()); // active_count(): the threads of main's group
        Thread current = Thread.currentThread();
        System.out.println(current.getName() + " " + current.getId() + " " + current.isAlive() + " "
                + current.isDaemon());
        t4.join();
        System.out.println("-- for tasks: current_task() and all_tasks()");
        Async.run(() -> {
            Task<Void> other = Async.createTask("son", () -> {
                Async.await(Async.sleep(seconds(1)));
                return null;
            });
            System.out.println(Async.currentTask());
            System.out.println(Async.allTasks().stream().map(Task::name).sorted()
                    .collect(Collectors.joining(", ", "[", "]")));
            Async.await(other);
        });

        System.out.println("== 4.6 a hundred threads do n -= 1");
        List<Thread> sons = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Thread son = new Thread(() -> n -= 1);
            sons.add(son);
            son.start();
        }
        for (Thread son : sons) {
            son.join();
        }
        System.out.println(n + " (0 unless two threads raced on the same n; see mutex)");
        int left = Async.run(() -> {
            int[] m = {100};
            List<Task<Void>> tasks = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                tasks.add(Async.createTask(() -> {
                    m[0] -= 1;
                    return null;
                }));
            }
            Async.await(Async.gather(tasks));
            return m[0];
        });
        System.out.println("-- a hundred tasks of one loop: " + left + " (always: they never run at once)");

        System.out.println("== 4.7 a daemon thread");
        Thread daemon = new Thread(() -> {
            while (true) {
                sleep(0.5);
            }
        }, "son");
        daemon.setDaemon(true);
        daemon.start();
        Async.run(() -> {
            Async.createTask("son", () -> {
                try {
                    while (true) {
                        Async.await(Async.sleep(seconds(0.5)));
                    }
                } finally {
                    System.out.println("-- the task that looped for ever was cancelled when main returned");
                }
            });
            Async.await(Async.sleep(seconds(3))); // time.sleep(3)
        });
        System.out.println("main ends; the daemon thread " + (daemon.isAlive() ? "is still looping and" : "has")
                + " dies with the JVM");
    }
}
