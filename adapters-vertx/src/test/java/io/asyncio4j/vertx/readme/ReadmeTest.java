package io.asyncio4j.vertx.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncio4j.Async;
import io.asyncio4j.vertx.VertxAsync;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The README's Vert.x example is this package's {@link GreeterVerticle}, word for word, and it works as shown. */
@Timeout(30)
class ReadmeTest {
    @Test
    void theReadmeShowsGreeterVerticleVerbatim() throws Exception {
        Path base = Path.of(System.getProperty("basedir", "."));
        String source = Files.readString(base.resolve("src/test/java/io/asyncio4j/vertx/readme/GreeterVerticle.java"), StandardCharsets.UTF_8);
        String example = source.substring(source.indexOf('\n', source.indexOf("// README-BEGIN")) + 1, source.indexOf("// README-END"));
        assertThat(example.lines().count()).as("lines of the README's verticle").isLessThanOrEqualTo(16);
        String readme = Files.readString(base.toAbsolutePath().getParent().resolve("README.md"), StandardCharsets.UTF_8);
        assertThat(readme).contains(example);
    }

    @Test
    void theGreeterAnswers_andUndeployStopsIt() throws Exception {
        Assumptions.assumeTrue(Runtime.version().feature() >= 21, "virtual-thread verticles need JDK 21+");
        Vertx vertx = Vertx.vertx();
        try {
            String id = vertx.deployVerticle(new GreeterVerticle(), new DeploymentOptions().setThreadingModel(ThreadingModel.VIRTUAL_THREAD))
                    .await(10, TimeUnit.SECONDS);
            String reply = Async.run(() -> Async.await(VertxAsync.<String>request(vertx.eventBus(), "greet", "Vert.x")).body());
            assertThat(reply).isEqualTo("Hello, Vert.x!");
            vertx.undeploy(id).await(10, TimeUnit.SECONDS); // cancels the greeter task and waits for it
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
