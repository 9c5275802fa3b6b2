package io.asyncio4j;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Guards the facade's public surface with the checks of {@link ApiSurface}: no Kotlin or engine type in
 * a public signature of {@code io.asyncio4j}, and the surface equals the committed listing
 * {@code facade-java/api/asyncio4j-facade.api}. After an intended API change, regenerate it and commit
 * the diff with the change:
 * <pre>mvn -q -pl facade-java -am verify -Dtest=PublicSurfaceTest -Dsurefire.failIfNoSpecifiedTests=false -Dasyncio4j.updateApi=true</pre>
 */
@Timeout(30)
class PublicSurfaceTest {
    private static final String PACKAGE = "io.asyncio4j";

    @Test
    void noKotlinOrEngineTypeInAnyPublicSignature() throws Exception {
        assertThat(ApiSurface.publicClasses(Async.class, PACKAGE)).contains(Async.class, Task.class, TaskGroup.class, EventLoop.class);
        assertThat(ApiSurface.forbiddenTypes(Async.class, PACKAGE)).as("Kotlin or engine types in the public Java API").isEmpty();
    }

    @Test
    void publicSurfaceMatchesTheCommittedListing() throws Exception {
        ApiSurface.assertMatchesListing(Async.class, PACKAGE, "asyncio4j-facade.api");
    }
}
