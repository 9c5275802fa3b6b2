package io.asyncio4j.samples.evolution;

import io.asyncio4j.samples.crawler.demo.DemoSite;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Seed 000's crawler evolution as a series to run and compare: the same {@code pages} pages of the
 * in-process {@link DemoSite} (each answer delayed by {@code latencyMs}) fetched with raw
 * {@code GET ... HTTP/1.0} five ways:
 * <ol>
 * <li>{@code blocking} — {@link BlockingCrawl}: blocking sockets, one page after another;</li>
 * <li>{@code threads} — {@link ThreadPerPageCrawl}: the same, one thread per page;</li>
 * <li>{@code selector} — {@link SelectorCrawl}: non-blocking sockets, a selector, callbacks and the
 *     seed's hand-written {@code loop()};</li>
 * <li>{@code stepping} — {@link SteppingCrawl}: the seed's Future and Task stepping a coroutine
 *     (written as an explicit state machine: Java has no generators);</li>
 * <li>{@code asyncio} — {@link AsyncioCrawl}: {@code Async.openConnection} streams and
 *     {@code Async.gather}.</li>
 * </ol>
 * Each first fetches one page untimed (to load its classes), then all pages timed; a table
 * compares them at the end. Run with
 * {@code java -jar asyncio4j-samples.jar evolution [pages] [latencyMs] [stage|all]}.
 */
public final class CrawlerEvolution {
    /** The stages in the seed's order. */
    static final List<String> STAGES = List.of("blocking", "threads", "selector", "stepping", "asyncio");

    /** What one stage fetched and how long it took. */
    record StageResult(String stage, int pages, int ok, long bytes, Duration time) {
        String line() {
            return String.format(Locale.ROOT, "%s: %d pages, %d with status 200, %d bytes in %.3f s",
                    stage, pages, ok, bytes, time.toNanos() / 1e9);
        }
    }

    private CrawlerEvolution() {}

    static List<byte[]> crawl(String stage, String host, int port, List<String> paths) throws Exception {
        return switch (stage) {
            case "blocking" -> BlockingCrawl.crawl(host, port, paths);
            case "threads" -> ThreadPerPageCrawl.crawl(host, port, paths);
            case "selector" -> SelectorCrawl.crawl(host, port, paths);
            case "stepping" -> SteppingCrawl.crawl(host, port, paths);
            case "asyncio" -> AsyncioCrawl.crawl(host, port, paths);
            default -> throw new IllegalArgumentException("stage must be one of " + STAGES + " or all, was '" + stage + "'");
        };
    }

    static StageResult run(String stage, String host, int port, List<String> paths) throws Exception {
        long start = System.nanoTime();
        List<byte[]> answers = crawl(stage, host, port, paths);
        Duration time = Duration.ofNanos(System.nanoTime() - start);
        int ok = (int) answers.stream().filter(a -> RawHttp.status(a) == 200).count();
        long bytes = answers.stream().mapToLong(a -> a.length).sum();
        return new StageResult(stage, answers.size(), ok, bytes, time);
    }

    /**
     * Starts the demo site, runs the stages and prints the comparison.
     *
     * @param args optional: pages (default 20), latency in ms (default 50), a stage or {@code all}
     */
    public static void main(String[] args) throws Exception {
        int pages = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int latencyMs = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        String which = args.length > 2 ? args[2] : "all";
        if (pages < 1 || latencyMs < 0) {
            throw new IllegalArgumentException("pages must be >= 1 and latencyMs >= 0, were " + pages + " and " + latencyMs);
        }
        List<String> stages = which.equals("all") ? STAGES : List.of(which);
        for (String s : stages) {
            if (!STAGES.contains(s)) {
                throw new IllegalArgumentException("stage must be one of " + STAGES + " or all, was '" + s + "'");
            }
        }
        DemoSite.Options options = DemoSite.Options.defaults().withPages(pages).withLatency(Duration.ofMillis(latencyMs))
                .withFailureRate(0).withSlowPages(0, Duration.ZERO);
        List<String> paths = IntStream.range(0, pages).mapToObj(i -> "/page/" + i).toList();
        List<StageResult> results = new ArrayList<>();
        try (DemoSite site = DemoSite.start(options)) {
            System.out.println("fetching " + pages + " pages from " + site.url() + " with " + latencyMs + " ms latency each");
            for (String stage : stages) {
                // untimed: one page per stage first, so the table compares the designs, not class loading
                crawl(stage, "127.0.0.1", site.port(), paths.subList(0, 1));
            }
            for (String stage : stages) {
                StageResult r = run(stage, "127.0.0.1", site.port(), paths);
                System.out.println(r.line());
                results.add(r);
            }
        }
        double base = results.get(0).time().toNanos();
        System.out.println();
        System.out.println(String.format(Locale.ROOT, "%-9s %6s %5s %9s %9s %8s", "stage", "pages", "200s", "bytes", "seconds", "speed-up"));
        for (StageResult r : results) {
            System.out.println(String.format(Locale.ROOT, "%-9s %6d %5d %9d %9.3f %7.1fx", r.stage(), r.pages(), r.ok(), r.bytes(),
                    r.time().toNanos() / 1e9, base / r.time().toNanos()));
        }
    }
}
