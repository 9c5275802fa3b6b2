package io.asyncio4j.samples.crawler.cli;

import io.asyncio4j.samples.crawler.Crawler;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The progress bar shown while a crawl runs (me.tongfei:progressbar on stderr): pages done out of
 * pages known (done + queued), with queued, failed and pages/s beside it. A daemon thread samples
 * {@link Crawler#progress()} five times a second; the crawl itself never waits for the display.
 */
public final class CrawlProgressBar implements AutoCloseable {
    private final ProgressBar bar;
    private final ScheduledExecutorService sampler;
    private final java.util.function.Supplier<Crawler.Progress> progress;

    /**
     * Shows a bar over any source of progress (a crawler's, or a cluster's in {@code crawl --cluster})
     * until closed.
     *
     * @param progress read five times a second
     * @param out where the bar is drawn
     */
    public CrawlProgressBar(java.util.function.Supplier<Crawler.Progress> progress, PrintStream out) {
        this.progress = progress;
        this.bar = new ProgressBarBuilder().setTaskName("crawl").setInitialMax(1).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(200).setConsumer(new ConsoleProgressBarConsumer(out)).hideEta().build();
        this.sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "crawl-progress");
            t.setDaemon(true);
            return t;
        });
        sampler.scheduleAtFixedRate(this::update, 0, 200, TimeUnit.MILLISECONDS);
    }

    private void update() {
        Crawler.Progress p = progress.get();
        bar.maxHint(Math.max(1, p.done() + p.queued()));
        bar.stepTo(p.done());
        bar.setExtraMessage(String.format(Locale.ROOT, "queued %d, failed %d, %.0f pages/s", p.queued(), p.failed(), p.pagesPerSecond()));
    }

    @Override
    public void close() {
        sampler.shutdownNow();
        update();
        bar.close();
    }
}
