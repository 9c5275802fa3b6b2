import com.sun.source.doctree.DocTree;
import com.sun.source.doctree.TextTree;
import com.sun.source.doctree.UnknownInlineTagTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.lang.model.element.Element;
import jdk.javadoc.doclet.Taglet;

/**
 * {@code {@snippet}} (JEP 413) for the javadoc of JDK 17, which does not know the tag: renders an inline
 * snippet's body, or a region of an external one ({@code class=a.b.C region=name}, looked up in the
 * directory given by the system property {@code asyncio4j.snippetPath}), as a code block. Only the markup
 * asyncio4j uses is read: {@code // @start region=name} and {@code // @end}. On JDK 18+ the build uses
 * javadoc's own tag instead.
 */
public final class SnippetTaglet implements Taglet {
    private static final Pattern ATTRIBUTE = Pattern.compile("(\\w+)\\s*=\\s*(\"[^\"]*\"|'[^']*'|\\S+)");

    @Override
    public Set<Location> getAllowedLocations() {
        return EnumSet.allOf(Location.class);
    }

    @Override
    public boolean isInlineTag() {
        return true;
    }

    @Override
    public String getName() {
        return "snippet";
    }

    @Override
    public String toString(List<? extends DocTree> tags, Element element) {
        StringBuilder html = new StringBuilder();
        for (DocTree tag : tags) {
            html.append("<div class=\"snippet-container\"><pre class=\"snippet\"><code class=\"language-java\">")
                    .append(escape(code(text(tag)))).append("</code></pre></div>");
        }
        return html.toString();
    }

    /** The tag's text after its name, as written in the comment. */
    static String text(DocTree tag) {
        StringBuilder sb = new StringBuilder();
        if (tag instanceof UnknownInlineTagTree unknown) {
            for (DocTree t : unknown.getContent()) {
                sb.append(t instanceof TextTree text ? text.getBody() : t.toString());
            }
        }
        return sb.toString();
    }

    /** The code of a snippet: its body ({@code : ...}) or its external region. */
    static String code(String text) {
        int colon = text.indexOf(':');
        String attributes = colon >= 0 ? text.substring(0, colon) : text;
        if (colon >= 0) {
            String body = text.substring(colon + 1);
            return body.substring(body.indexOf('\n') + 1).stripIndent().strip();
        }
        String cls = null;
        String region = null;
        Matcher m = ATTRIBUTE.matcher(attributes);
        while (m.find()) {
            String value = m.group(2).replaceAll("^[\"']|[\"']$", "");
            switch (m.group(1)) {
                case "class" -> cls = value;
                case "region" -> region = value;
                default -> { }
            }
        }
        if (cls == null) {
            throw new IllegalArgumentException("{@snippet " + text + "}: neither a body nor class=");
        }
        Path file = Path.of(System.getProperty("asyncio4j.snippetPath", "."), cls.replace('.', '/') + ".java");
        return region(file, region);
    }

    /** The lines between {@code // @start region=name} and its {@code // @end}, without markup comments. */
    static String region(Path file, String region) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("{@snippet}: cannot read " + file.toAbsolutePath(), e);
        }
        StringBuilder out = new StringBuilder();
        int depth = 0;
        boolean in = region == null;
        for (String line : lines) {
            String s = line.strip();
            if (s.startsWith("// @start")) {
                if (in) {
                    depth++;
                } else if (s.matches("// @start\\s+region\\s*=\\s*\"?" + Pattern.quote(region) + "\"?\\s*")) {
                    in = true;
                }
                continue;
            }
            if (s.startsWith("// @end")) {
                if (in && depth-- == 0 && region != null) {
                    return out.toString().stripIndent().strip();
                }
                continue;
            }
            if (in) {
                out.append(line).append('\n');
            }
        }
        if (region != null) {
            throw new IllegalArgumentException("{@snippet}: no region '" + region + "' in " + file);
        }
        return out.toString().stripIndent().strip();
    }

    static String escape(String code) {
        return code.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
