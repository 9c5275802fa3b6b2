package io.asyncio4j.vertx;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncio4j.testing.PublishedJars;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The adapters' sources and Javadoc jars, opened after {@code package}: every source file, every example rendered. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PublishedJarsIT {
    private static final Path TARGET = Path.of("target");
    private static final String ARTIFACT = "asyncio4j-adapters-vertx";

    @Test
    void sourcesAndJavadocJars_areComplete() throws Exception {
        Map<String, String> sources = PublishedJars.sources(Path.of("src", "main", "java"));
        Map<String, String> jar = PublishedJars.texts(PublishedJars.jar(TARGET, ARTIFACT, "sources"), ".java");
        assertThat(jar).containsAllEntriesOf(sources);
        Map<String, String> html = PublishedJars.texts(PublishedJars.jar(TARGET, ARTIFACT, "javadoc"), ".html");
        int tags = PublishedJars.snippetTags(sources);
        assertThat(tags).as("{@snippet} tags in the sources").isPositive();
        assertThat(PublishedJars.renderedSnippets(html, "io/asyncio4j/vertx")).as("rendered examples").isEqualTo(tags);
        assertThat(html).allSatisfy((page, text) -> assertThat(text).as(page).doesNotContain("{@snippet"));
    }
}
