package io.asyncio4j.vertx;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncio4j.ApiSurface;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Guards the adapters' public surface with the facade's {@link ApiSurface} checks: no Kotlin or engine
 * type in a public signature of {@code io.asyncio4j.vertx} (Vert.x and JDK types only), and the surface
 * equals the committed listing {@code adapters-vertx/api/asyncio4j-adapters-vertx.api}. After an
 * intended API change, regenerate it and commit the diff with the change:
 * <pre>mvn -q -pl adapters-vertx -am verify -Dtest=PublicSurfaceTest -Dsurefire.failIfNoSpecifiedTests=false -Dasyncio4j.updateApi=true</pre>
 */
@Timeout(30)
class PublicSurfaceTest {
    private static final String PACKAGE = "io.asyncio4j.vertx";

    @Test
    void noKotlinOrEngineTypeInAnyPublicSignature() throws Exception {
        assertThat(ApiSurface.publicClasses(VertxLoops.class, PACKAGE)).containsExactly(AsyncVerticle.class, VertxAsync.class, VertxLoops.class);
        assertThat(ApiSurface.forbiddenTypes(VertxLoops.class, PACKAGE)).as("Kotlin or engine types in the adapters' public API").isEmpty();
    }

    @Test
    void publicSurfaceMatchesTheCommittedListing() throws Exception {
        ApiSurface.assertMatchesListing(VertxLoops.class, PACKAGE, "asyncio4j-adapters-vertx.api");
    }
}
