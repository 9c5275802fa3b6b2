package io.asyncio4j.samples.seeds;

import io.asyncio4j.Async;
import io.asyncio4j.ContextVar;
import io.asyncio4j.Task;
import java.util.List;
import java.util.stream.Stream;

/**
 * Seed 001, "thread local": a global object whose attributes each thread sees on its own, so that a
 * function deep in the call chain finds "its" student without passing it down.
 *
 * <pre>
 * local_school = threading.local()
 * def process_student():
 *     std = local_school.student
 *     print('Hello, %s (in %s)' % (std, threading.current_thread().name))
 * def process_thread(name):
 *     local_school.student = name
 *     process_student()
 * t1 = threading.Thread(target=process_thread, args=('Alice',), name='Thread-A')
 * t2 = threading.Thread(target=process_thread, args=('Bob',), name='Thread-B')
 * t1.start(); t2.start(); t1.join(); t2.join()
 * </pre>
 *
 * <p>Java has the same thing, {@link ThreadLocal}, and the first half is the seed's program with it.
 * How asyncio differs, in Python and here alike: a task is not a thread. Python's coroutines all run on
 * one thread, so {@code threading.local} is shared by every task; asyncio4j's blocking-style tasks each
 * have a thread of their own while they run, but their callbacks run on the loop's thread and
 * {@code to_thread} work on a worker's. A task's own value lives in a {@code contextvars.ContextVar}
 * ({@link ContextVar}), which follows the task into its child tasks, its {@code toThread} calls and its
 * callbacks. The second half runs Alice and Bob as tasks whose {@code process_student} runs on a worker
 * thread: the {@code ThreadLocal} comes back empty there, the {@code ContextVar} does not.
 *
 * <p>Run: {@code java -jar samples/target/asyncio4j-samples.jar thread-local}
 */
public final class ThreadLocalStudents {
    private static final ThreadLocal<String> LOCAL_SCHOOL = new ThreadLocal<>();
    private static final ContextVar<String> STUDENT = ContextVar.of("student", "nobody");

    private ThreadLocalStudents() {}

    static void processStudent() {
        String std = LOCAL_SCHOOL.get();
        System.out.println("Hello, " + std + " (in " + Thread.currentThread().getName() + ")");
    }

    static void processThread(String name) {
        LOCAL_SCHOOL.set(name);
        processStudent();
    }

    /**
     * Runs the seed's two threads, then the same as two tasks.
     *
     * @param args none
     * @throws InterruptedException if interrupted while joining the threads
     */
    public static void main(String[] args) throws InterruptedException {
        Thread t1 = new Thread(() -> processThread("Alice"), "Thread-A");
        Thread t2 = new Thread(() -> processThread("Bob"), "Thread-B");
        t1.start();
        t2.start();
        t1.join();
        t2.join();

        System.out.println("-- as tasks, process_student on a worker thread (Async.toThread)");
        Async.run(() -> {
            List<Task<Void>> tasks = Stream.of("Alice", "Bob").map(name -> Async.<Void>createTask(name, () -> {
                LOCAL_SCHOOL.set(name);
                STUDENT.set(name);
                try {
                    Async.await(Async.toThread(() -> {
                        System.out.println("ThreadLocal: " + LOCAL_SCHOOL.get() + ", ContextVar: " + STUDENT.get()
                                + " (task " + name + ", on a worker thread)");
                        return null;
                    }));
                } finally {
                    LOCAL_SCHOOL.remove(); // a pooled thread would hand the value to whatever it runs next
                }
                return null;
            })).toList();
            Async.await(Async.gather(tasks));
        });
    }
}
