package io.asyncio4j.samples.seeds;

import io.asyncio4j.Async;
import io.asyncio4j.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The seeds' first asyncio example, line by line: {@code crawl_page(url)} "crawls" a page by sleeping
 * for the number in its name, and {@code main(urls)} crawls four pages — first awaiting each in turn
 * (about 1+2+3+4 = 10 s), then as tasks, then with {@code gather} (about 4 s: the longest one).
 *
 * <pre>
 * async def crawl_page(url):                      static String crawlPage(String url) {
 *     print('crawling {}'.format(url))                System.out.println("crawling " + url);
 *     sleep_time = int(url.split('_')[-1])            int sleepTime = Integer.parseInt(...);
 *     await asyncio.sleep(sleep_time)                 Async.await(Async.sleep(...));
 *     print('OK {}'.format(url))                      System.out.println("OK " + url);
 * </pre>
 *
 * Run: {@code java -jar samples/target/asyncio4j-samples.jar crawl-page [secondsPerUnit]}
 * (default 1.0; e.g. 0.1 for a quick run).
 */
public final class CrawlPage {
    private static final List<String> URLS = List.of("url_1", "url_2", "url_3", "url_4");
    private static double unit = 1.0;

    private CrawlPage() {}

    static String crawlPage(String url) {
        System.out.println("crawling " + url);
        int sleepTime = Integer.parseInt(url.substring(url.lastIndexOf('_') + 1));
        Async.await(Async.sleep(Duration.ofMillis(Math.round(sleepTime * unit * 1000))));
        System.out.println("OK " + url);
        return "OK " + url;
    }

    /** {@code for url in urls: await crawl_page(url)} — one after another. */
    static void sequential(List<String> urls) {
        for (String url : urls) {
            crawlPage(url);
        }
    }

    /** {@code tasks = [create_task(crawl_page(url)) ...]; for task in tasks: await task}. */
    static void tasks(List<String> urls) {
        List<Task<String>> tasks = new ArrayList<>();
        for (String url : urls) {
            tasks.add(Async.createTask(url, () -> crawlPage(url)));
        }
        for (Task<String> task : tasks) {
            Async.await(task);
        }
    }

    /** {@code await asyncio.gather(*tasks)}. */
    static List<String> gather(List<String> urls) {
        List<Task<String>> tasks = new ArrayList<>();
        for (String url : urls) {
            tasks.add(Async.createTask(url, () -> crawlPage(url)));
        }
        return Async.await(Async.gather(tasks));
    }

    /** The same crawl in future style: no thread per task, just composed futures. */
    static CompletableFuture<List<String>> gatherFutureStyle(List<String> urls) {
        List<CompletableFuture<String>> pages = new ArrayList<>();
        for (String url : urls) {
            System.out.println("crawling " + url);
            int sleepTime = Integer.parseInt(url.substring(url.lastIndexOf('_') + 1));
            pages.add(Async.sleep(Duration.ofMillis(Math.round(sleepTime * unit * 1000)), "OK " + url)
                    .thenApply(ok -> {
                        System.out.println(ok);
                        return ok;
                    }));
        }
        return Async.gather(pages);
    }

    /**
     * Runs the four variants and prints how long each took.
     *
     * @param args optional: seconds per unit of sleep (default 1.0)
     */
    public static void main(String[] args) {
        if (args.length > 0) {
            unit = Double.parseDouble(args[0]);
        }
        double seq = timed("await crawl_page(url) one by one", () -> Async.run(() -> sequential(URLS)));
        double tsk = timed("create_task, then await each task", () -> Async.run(() -> tasks(URLS)));
        double gat = timed("asyncio.gather(*tasks)", () -> Async.run(() -> gather(URLS)));
        double fut = timed("gather, future style", () -> Async.run(() -> Async.await(gatherFutureStyle(URLS))));
        System.out.printf("%nsequential %.2f s | tasks %.2f s | gather %.2f s | future-style gather %.2f s%n", seq, tsk, gat, fut);
    }

    private static double timed(String title, Runnable r) {
        System.out.println("== " + title);
        long start = System.nanoTime();
        r.run();
        double used = (System.nanoTime() - start) / 1e9;
        System.out.printf("used %.3f s%n%n", used);
        return used;
    }
}
