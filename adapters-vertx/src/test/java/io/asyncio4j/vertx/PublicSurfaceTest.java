package io.asyncio4j.vertx;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncio4j.testing.ApiListing;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Guards the adapters' public surface with the engine's {@link ApiListing} checks, as the facade's
 * does: no Kotlin or engine type in a public signature of {@code io.asyncio4j.vertx} (Vert.x and JDK
 * types only), and the surface equals the committed listing
 * {@code adapters-vertx/api/asyncio4j-adapters-vertx.api}. After an intended API change, regenerate it
 * and commit the diff with the change:
 * <pre>mvn -q -pl adapters-vertx -am verify -Dtest=PublicSurfaceTest -Dsurefire.failIfNoSpecifiedTests=false -Dasyncio4j.updateApi=true</pre>
 */
@Timeout(30)
class PublicSurfaceTest {
    private static final String PACKAGE = "io.asyncio4j.vertx";
    private static final List<String> FORBIDDEN = List.of("kotlin.", "kotlinx.", "io.asyncio4j.engine.");

    @Test
    void noKotlinOrEngineTypeInAnyPublicSignature() throws Exception {
        List<Class<?>> classes = ApiListing.publicClasses(VertxLoops.class, PACKAGE);
        assertThat(classes).containsExactly(AsyncVerticle.class, ClusterWorkerPool.class, DistributedWorkQueue.class,
                DistributedWorkQueue.Counts.class, DistributedWorkQueue.NodeStatistics.class, DistributedWorkQueue.Options.class,
                VertxAsync.class, VertxLoops.class, WorkItem.class);
        assertThat(ApiListing.forbiddenTypes(classes, FORBIDDEN)).as("Kotlin or engine types in the adapters' public API").isEmpty();
    }

    @Test
    void publicSurfaceMatchesTheCommittedListing() throws Exception {
        String actual = ApiListing.listing(ApiListing.publicClasses(VertxLoops.class, PACKAGE), ApiListing::exposed);
        ApiListing.assertMatchesCommitted(ApiListing.committedFile("asyncio4j-adapters-vertx.api"), actual);
    }
}
