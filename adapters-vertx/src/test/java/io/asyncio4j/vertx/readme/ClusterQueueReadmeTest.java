package io.asyncio4j.vertx.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncio4j.vertx.ClusterWorkerPool;
import io.asyncio4j.vertx.DistributedWorkQueue;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The README's distributed-queue example is {@link #invoices}, word for word (indentation aside), and
 * it works as shown — here on a Vert.x that is not clustered, a queue of one node.
 */
@Timeout(60)
class ClusterQueueReadmeTest {
    private final List<String> billed = new CopyOnWriteArrayList<>();

    private ClusterWorkerPool invoices(Vertx vertx) {
        // README-BEGIN
        DistributedWorkQueue queue = DistributedWorkQueue.open(vertx, "invoices").join();   // on every node
        queue.put("customer-42", "{\"invoice\": 7}").join();      // partition key, body; stored until acknowledged
        ClusterWorkerPool pool = ClusterWorkerPool.start(queue, 8, item -> bill(item.body())); // a stage per item
        queue.join().join();                                      // every item put on any node is done
        // README-END
        return pool;
    }

    private CompletableFuture<Void> bill(String invoice) {
        billed.add(invoice);
        return CompletableFuture.completedFuture(null);
    }

    @Test
    void theReadmeShowsTheExampleVerbatim() throws Exception {
        Path base = Path.of(System.getProperty("basedir", "."));
        String source = Files.readString(base.resolve("src/test/java/io/asyncio4j/vertx/readme/ClusterQueueReadmeTest.java"),
                StandardCharsets.UTF_8);
        String example = source.substring(source.indexOf('\n', source.indexOf("// README-BEGIN\n")) + 1,
                source.indexOf("        // README-END")).lines().map(l -> l.substring(Math.min(8, l.length())))
                .collect(java.util.stream.Collectors.joining("\n", "", "\n")); // the method body's indentation off
        String readme = Files.readString(base.toAbsolutePath().getParent().resolve("README.md"), StandardCharsets.UTF_8);
        assertThat(readme).contains(example);
    }

    @Test
    void theExampleBillsTheInvoice() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            ClusterWorkerPool pool = invoices(vertx);
            assertThat(billed).containsExactly("{\"invoice\": 7}");
            assertThat(pool.processed()).isEqualTo(1);
            pool.stop().get(10, TimeUnit.SECONDS);
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
