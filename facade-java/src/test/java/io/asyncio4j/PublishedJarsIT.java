package io.asyncio4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncio4j.testing.PublishedJars;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The facade's sources and Javadoc jars, opened after {@code package}: on every JDK the build runs on, the
 * sources jar holds every source file and Snippets.java (where the examples come from), and the Javadoc
 * jar renders every {@code {@snippet}} example (JDK 17's javadoc through build-tools/javadoc/SnippetTaglet).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PublishedJarsIT {
    private static final Path TARGET = Path.of("target");
    private static final String ARTIFACT = "asyncio4j-facade-java";

    @Test
    void sourcesJar_holdsEverySourceFile_andTheSnippets() throws Exception {
        Map<String, String> jar = PublishedJars.texts(PublishedJars.jar(TARGET, ARTIFACT, "sources"), ".java");
        Map<String, String> sources = PublishedJars.sources(Path.of("src", "main", "java"));
        assertThat(jar).containsAllEntriesOf(sources);
        assertThat(jar).containsEntry("io/asyncio4j/Snippets.java",
                PublishedJars.sources(Path.of("src", "test", "java")).get("io/asyncio4j/Snippets.java"));
    }

    @Test
    void javadocJar_rendersEveryExample() throws Exception {
        Map<String, String> html = PublishedJars.texts(PublishedJars.jar(TARGET, ARTIFACT, "javadoc"), ".html");
        int tags = PublishedJars.snippetTags(PublishedJars.sources(Path.of("src", "main", "java")));
        assertThat(tags).as("{@snippet} tags in the sources").isGreaterThan(50);
        assertThat(PublishedJars.renderedSnippets(html, "io/asyncio4j")).as("rendered examples").isEqualTo(tags);
        assertThat(html).allSatisfy((page, text) -> assertThat(text).as(page).doesNotContain("{@snippet"));
        // an example from a region of Snippets.java, and an inline one, as code
        assertThat(page(html, "Async.html")).contains("crawlPage(String url)")
                .contains("Async.await(Async.gather(tasks));");
        assertThat(page(html, "ProcessQueue.html")).contains("ProcessQueue&lt;Integer&gt; q = ProcessQueue.create();");
    }

    /** The class page {@code name} (the Javadoc of a module keeps its pages under the module's name). */
    private static String page(Map<String, String> html, String name) {
        return html.entrySet().stream().filter(e -> e.getKey().endsWith("/io/asyncio4j/" + name))
                .map(Map.Entry::getValue).findFirst()
                .orElseThrow(() -> new AssertionError("no page " + name + " in " + html.keySet()));
    }
}
