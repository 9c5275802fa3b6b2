package io.asyncio4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncio4j.testing.ApiListing;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Guards the facade's public surface (STYLE.md "Public vs internal"; kotlinx's {@code api/*.api}
 * dumps, trio's {@code test_exports.py}), with the checks of the engine's test helper {@link ApiListing}.
 *
 * <ul>
 *   <li>No Kotlin ({@code kotlin.*}) or engine ({@code io.asyncio4j.engine.*}) type may appear anywhere in a
 *       public or protected signature of a public class of {@code io.asyncio4j}: superclass, interfaces,
 *       type-parameter bounds, fields, constructors, methods (parameters, results, exceptions), at any depth
 *       of generics.</li>
 *   <li>The surface is diffed against the committed listing {@code facade-java/api/asyncio4j-facade.api}.
 *       After an intended API change, regenerate it and commit the diff with the change:
 *       <pre>mvn -q -pl facade-java -am verify -Dtest=PublicSurfaceTest -Dsurefire.failIfNoSpecifiedTests=false -Dasyncio4j.updateApi=true</pre></li>
 * </ul>
 */
@Timeout(30)
class PublicSurfaceTest {
    private static final String PACKAGE = "io.asyncio4j";
    private static final List<String> FORBIDDEN = List.of("kotlin.", "kotlinx.", "io.asyncio4j.engine.");

    @Test
    void noKotlinOrEngineTypeInAnyPublicSignature() throws Exception {
        List<Class<?>> classes = publicClasses();
        assertThat(classes).contains(Async.class, Task.class, TaskGroup.class, EventLoop.class);
        assertThat(ApiListing.forbiddenTypes(classes, FORBIDDEN)).as("Kotlin or engine types in the public Java API").isEmpty();
    }

    @Test
    void publicSurfaceMatchesTheCommittedListing() throws Exception {
        String actual = ApiListing.listing(publicClasses(), ApiListing::exposed);
        ApiListing.assertMatchesCommitted(ApiListing.committedFile("asyncio4j-facade.api"), actual);
    }

    /** Every public top-level or public nested class of the facade package. */
    static List<Class<?>> publicClasses() throws Exception {
        return ApiListing.publicClasses(Async.class, PACKAGE);
    }
}
