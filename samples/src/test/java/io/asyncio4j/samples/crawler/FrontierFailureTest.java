package io.asyncio4j.samples.crawler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncio4j.TaskGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A frontier that cannot queue a page's links (a cluster's map unreachable) must not see that page
 * done: done, it would never be handed out again, and its links, marked seen before the failure,
 * would be lost. The crawl fails instead, and the page's job stays not done (a cluster's node that
 * stops leaves it to the others).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FrontierFailureTest {

    /** This JVM's frontier, whose scheduleAll fails for links of the start page. */
    private static final class FailingFrontier implements Frontier {
        final LocalFrontier local = new LocalFrontier(100, 0);
        final List<String> done = new ArrayList<>();

        @Override
        public void open(Sink sink, TaskGroup group) {
            local.open(sink, group);
        }

        @Override
        public boolean schedule(String url, int depth, @Nullable Job from) {
            return local.schedule(url, depth, from);
        }

        @Override
        public void scheduleAll(List<String> urls, int depth, @Nullable Job from) {
            throw new IllegalStateException("the frontier's map cannot be reached");
        }

        @Override
        public boolean markSeen(String url, Job from) {
            return local.markSeen(url, from);
        }

        @Override
        public void done(Job job) {
            done.add(job.url());
            local.done(job);
        }

        @Override
        public void finish() {
            local.finish();
        }

        @Override
        public long queued() {
            return local.queued();
        }
    }

    @Test
    void aPageWhoseLinksCannotBeQueued_isNotDone_theCrawlFails() throws Exception {
        try (TestServer s = new TestServer()) {
            s.html("/", "<a href='/child'>child</a>");
            s.html("/child", "child");
            FailingFrontier f = new FailingFrontier();
            List<PageResult> pages = new ArrayList<>();
            Crawler crawler = new Crawler(CrawlConfig.builder().startUrl(s.url("/")).obeyRobots(false).build(), pages::add, f);
            assertThatThrownBy(crawler::crawl).hasStackTraceContaining("the frontier's map cannot be reached");
            assertThat(f.done).as("jobs done").isEmpty();
            assertThat(pages).as("records").isEmpty();
        }
    }
}
