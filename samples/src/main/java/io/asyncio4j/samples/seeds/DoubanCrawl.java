package io.asyncio4j.samples.seeds;

import io.asyncio4j.Async;
import io.asyncio4j.AsyncQueue;
import io.asyncio4j.QueueShutDown;
import io.asyncio4j.Task;
import io.asyncio4j.samples.crawler.demo.DemoSite;
import io.asyncio4j.samples.evolution.RawHttp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Seed 003's douban-style crawl-and-parse producer/consumer, against the crawler's {@link DemoSite}
 * instead of movie.douban.com. Producer tasks download pages (raw HTTP/1.0 over
 * {@code Async.openConnection}) into a bounded {@link AsyncQueue}; consumer tasks parse each page's
 * title and links with a regular expression, as the seed does, and call {@code taskDone}. Main waits
 * for the producers, then for {@code queue.join()} (every page parsed), then calls
 * {@code shutdown()}: asyncio4j's queues do not take null, so there is no {@code None} sentinel for
 * each consumer to put back; their {@code get} fails with {@link QueueShutDown} instead.
 *
 * <pre>
 * def producer(q, url):                        def consumer(q):
 *     response = requests.get(url)                 while True:
 *     q.put(response.text)                             s = q.get()
 *                                                      if not s: q.put(None); break
 * for i in range(10): Process(target=producer,         for i in com.finditer(s): print({...})
 *     args=(q, url % count)).start()
 * for i in range(5): Process(target=consumer, args=(q,)).start()
 * for p in p_l: p.join()
 * q.put(None)
 * </pre>
 *
 * Run with {@code java -jar asyncio4j-samples.jar douban [pages] [producers] [consumers]}.
 */
public final class DoubanCrawl {
    // the seed's `re.compile('...(?P<title>.*?)...', re.S)`, for the demo site's markup
    private static final Pattern TITLE = Pattern.compile("<title>(?<title>.*?)</title>", Pattern.DOTALL);
    private static final Pattern LINK = Pattern.compile("<a href=\"(?<href>[^\"]*)\">(?<text>.*?)</a>", Pattern.DOTALL);
    private static final Pattern PAGE_NUMBER = Pattern.compile("^Page (\\d+):");

    /** What a consumer found in one page. */
    record Parsed(String title, int links) {}

    private DoubanCrawl() {}

    static Void producer(AsyncQueue<String> q, String host, int port, List<String> paths) {
        for (String path : paths) {
            byte[] answer = RawHttp.get(host, port, path);
            if (RawHttp.status(answer) != 200) {
                throw new IllegalStateException("GET " + path + " answered " + RawHttp.status(answer));
            }
            Async.await(q.put(RawHttp.body(answer))); // waits while the queue is full
        }
        return null;
    }

    static List<Parsed> consumer(AsyncQueue<String> q) {
        List<Parsed> found = new ArrayList<>();
        while (true) {
            String html;
            try {
                html = Async.await(q.get());
            } catch (QueueShutDown e) { // the seed's `if not s: break`
                return found;
            }
            try {
                Matcher title = TITLE.matcher(html);
                int links = 0;
                for (Matcher m = LINK.matcher(html); m.find(); ) {
                    links++;
                }
                found.add(new Parsed(title.find() ? title.group("title") : "(no title)", links));
            } finally {
                q.taskDone();
            }
        }
    }

    static int pageNumber(String title) {
        Matcher m = PAGE_NUMBER.matcher(title);
        return m.find() ? Integer.parseInt(m.group(1)) : Integer.MAX_VALUE;
    }

    /**
     * Starts the demo site, crawls and parses it, prints how many titles were parsed and a few of them.
     *
     * @param args optional: pages (default 30), producers (default 5), consumers (default 3)
     */
    public static void main(String[] args) {
        int pages = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int producers = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int consumers = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        if (pages < 1 || producers < 1 || consumers < 1) {
            throw new IllegalArgumentException("pages, producers and consumers must be >= 1, were "
                    + pages + ", " + producers + ", " + consumers);
        }
        DemoSite.Options options = DemoSite.Options.defaults().withPages(pages).withLatency(Duration.ofMillis(20))
                .withFailureRate(0).withSlowPages(0, Duration.ZERO);
        try (DemoSite site = DemoSite.start(options)) {
            List<Parsed> parsed = Async.run(() -> {
                AsyncQueue<String> q = new AsyncQueue<>(4); // bounded: fast producers wait for the parsers
                List<Task<List<Parsed>>> parsers = new ArrayList<>();
                for (int c = 0; c < consumers; c++) {
                    parsers.add(Async.createTask("consumer " + c, () -> consumer(q)));
                }
                List<Task<Void>> fetchers = new ArrayList<>();
                for (int p = 0; p < producers; p++) {
                    List<String> share = new ArrayList<>();
                    for (int i = p; i < pages; i += producers) {
                        share.add("/page/" + i);
                    }
                    fetchers.add(Async.createTask("producer " + p, () -> producer(q, "127.0.0.1", site.port(), share)));
                }
                Async.await(Async.gather(fetchers));
                Async.await(q.join()); // every page downloaded has been parsed
                q.shutdown(); // instead of q.put(None)
                List<Parsed> all = new ArrayList<>();
                Async.await(Async.gather(parsers)).forEach(all::addAll);
                return all;
            });
            parsed.sort(Comparator.comparingInt((Parsed p) -> pageNumber(p.title())));
            System.out.println("parsed " + parsed.size() + " titles and "
                    + parsed.stream().mapToInt(Parsed::links).sum() + " links from " + pages + " pages");
            parsed.stream().limit(3).forEach(p -> System.out.println("title: " + p.title() + " (" + p.links() + " links)"));
        }
    }
}
