package io.asyncio4j.samples.evolution;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Stage (b) of seed 000's evolution: the blocking fetch of stage (a), one thread per page. The pages
 * wait at the same time, so the total is about the time of one page, but every page costs a thread
 * (a stack and a scheduler entry) and the results are shared between threads, so they go into a
 * thread-safe array and the main thread {@code join}s every thread before reading them.
 */
final class ThreadPerPageCrawl {
    private ThreadPerPageCrawl() {}

    static List<byte[]> crawl(String host, int port, List<String> paths) throws InterruptedException {
        AtomicReferenceArray<byte[]> answers = new AtomicReferenceArray<>(paths.size());
        AtomicReferenceArray<RuntimeException> errors = new AtomicReferenceArray<>(paths.size());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            int index = i;
            Thread t = new Thread(() -> {
                try {
                    answers.set(index, BlockingCrawl.fetch(host, port, paths.get(index)));
                } catch (RuntimeException e) {
                    errors.set(index, e); // an exception does not cross threads by itself
                }
            }, "fetch-" + paths.get(i));
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        List<byte[]> result = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            if (errors.get(i) != null) {
                throw errors.get(i);
            }
            result.add(answers.get(i));
        }
        return result;
    }
}
