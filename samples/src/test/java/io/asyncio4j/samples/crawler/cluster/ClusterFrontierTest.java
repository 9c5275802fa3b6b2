package io.asyncio4j.samples.crawler.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncio4j.Async;
import io.asyncio4j.samples.crawler.CrawlConfig;
import io.asyncio4j.samples.crawler.Frontier;
import io.asyncio4j.vertx.DistributedWorkQueue;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link ClusterFrontier#take()} with what a hostile member could put on the queue: a node fetches
 * only pages of its own crawl. On a Vert.x that is not clustered: the queue is the same, of one node.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusterFrontierTest {
    @Test
    void anItemThatIsNotAPageOfThisCrawlIsDroppedAndAcknowledged_neverFetched() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            CrawlConfig config = CrawlConfig.builder().startUrl("http://127.0.0.1:9/").maxDepth(3).build();
            ClusterFrontier frontier = ClusterFrontier.open(vertx, config, Duration.ofSeconds(10), "n1");
            DistributedWorkQueue queue = frontier.queue();
            List<String> hostile = List.of(
                    "{\"url\": \"http://169.254.169.254/latest/meta-data/\", \"depth\": 1}", // another host
                    "{\"url\": \"file:///etc/passwd\", \"depth\": 1}", // not the web
                    "{\"url\": \"http://127.0.0.1:9/deep\", \"depth\": 99}", // past --max-depth
                    "not a job at all");
            for (int i = 0; i < hostile.size(); i++) {
                queue.put("127.0.0.1:9", hostile.get(i), "hostile-" + i).get(30, TimeUnit.SECONDS);
            }
            queue.put("127.0.0.1:9", "{\"url\": \"http://127.0.0.1:9/page/1\", \"depth\": 1}", "http://127.0.0.1:9/page/1")
                    .get(30, TimeUnit.SECONDS);
            Frontier.Job job = Async.run(frontier::take);
            assertThat(job.url()).hasToString("http://127.0.0.1:9/page/1");
            DistributedWorkQueue.Counts counts = queue.counts().get(30, TimeUnit.SECONDS);
            assertThat(counts.ready()).as("nothing left waiting").isZero();
            assertThat(counts.inFlight()).as("only the page of this crawl is out").isEqualTo(1);
            queue.close().get(30, TimeUnit.SECONDS);
        } finally {
            vertx.close().await(30, TimeUnit.SECONDS);
        }
    }
}
