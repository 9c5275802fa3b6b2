package io.asyncio4j.samples.crawler;

import java.util.ArrayList;
import java.util.List;
import org.jsoup.parser.Parser;
import org.jspecify.annotations.Nullable;

/**
 * Reads from an HTML document only what a crawl's record needs — the title, the links, the base,
 * the robots meta tag and the canonical link — by running the HTML5 tokenizer's rules over it and
 * keeping the few start tags that matter ("a selector on the token stream"). It builds no tree, so
 * it costs a fraction of a full parse, and it reads what a browser reads: comments, scripts, styles
 * and the title's raw text are skipped as the tokenizer skips them (a {@code <a>} inside a comment
 * or a script is no link), attribute values are found quoted, single-quoted or bare, character
 * references in them are decoded (jsoup's entity table), and a tag cut off by the end of the
 * document is dropped. What the tree builder alone decides (an {@code <a>} inside {@code <svg>},
 * say) is simplified: SVG and MathML elements are followed only to leave their titles alone.
 */
final class HtmlScanner {
    private final String s;
    private final int n;
    private int i;
    /** Inside {@code <svg>} or {@code <math>}: their {@code <title>} is no document title. */
    private int foreign;

    /** The {@code href}s of {@code <a>} elements, as written (entities decoded), in document order. */
    final List<String> hrefs = new ArrayList<>();
    @Nullable String title;
    @Nullable String baseHref;
    @Nullable String metaRobots;
    @Nullable String canonical;

    // the current start tag's attributes of interest, reset per tag
    private @Nullable String href;
    private @Nullable String name;
    private @Nullable String content;
    private @Nullable String rel;

    private HtmlScanner(String html) {
        this.s = html;
        this.n = html.length();
    }

    static HtmlScanner scan(String html) {
        HtmlScanner sc = new HtmlScanner(html);
        sc.run();
        return sc;
    }

    private void run() {
        while (i < n) {
            int lt = s.indexOf('<', i);
            if (lt < 0 || lt + 1 >= n) {
                return;
            }
            i = lt + 1;
            char c = s.charAt(i);
            if (c == '!') {
                markupDeclaration();
            } else if (c == '/') {
                endTag();
            } else if (isLetter(c)) {
                startTag();
            } else if (c == '?') {
                skipPast('>'); // a bogus comment
            }
            // anything else: the '<' was text
        }
    }

    private void markupDeclaration() {
        if (s.startsWith("!--", i)) {
            i += 3;
            if (s.startsWith(">", i)) { // <!--> is an empty comment
                i++;
                return;
            }
            if (s.startsWith("->", i)) { // <!---> too
                i += 2;
                return;
            }
            int end = s.indexOf("--", i);
            while (end >= 0 && !(s.startsWith(">", end + 2) || s.startsWith("!>", end + 2))) {
                end = s.indexOf("--", end + 1);
            }
            i = end < 0 ? n : s.indexOf('>', end) + 1;
        } else if (foreign > 0 && s.startsWith("![CDATA[", i)) {
            int end = s.indexOf("]]>", i);
            i = end < 0 ? n : end + 3;
        } else {
            skipPast('>'); // a doctype, or a bogus comment
        }
    }

    private void endTag() {
        i++; // the '/'
        if (i >= n) {
            return;
        }
        char c = s.charAt(i);
        if (c == '>') {
            i++; // "</>" is nothing
            return;
        }
        if (!isLetter(c)) {
            skipPast('>'); // a bogus comment
            return;
        }
        int start = i;
        int end = tagNameEnd();
        if (foreign > 0 && (is(start, end, "svg") || is(start, end, "math"))) {
            foreign--;
        }
        attributes(false); // an end tag's attributes are read, and dropped
    }

    private void startTag() {
        int start = i;
        int end = tagNameEnd();
        href = null;
        name = null;
        content = null;
        rel = null;
        int len = end - start;
        boolean interesting = len == 1 && (s.charAt(start) | 0x20) == 'a'
                || len == 4 && (is(start, end, "base") || is(start, end, "meta") || is(start, end, "link"));
        Boolean closes = attributes(interesting);
        if (closes == null) {
            return; // the document ended inside the tag: no tag
        }
        boolean selfClosing = closes;
        if (len == 1 && (s.charAt(start) | 0x20) == 'a') {
            if (href != null) {
                hrefs.add(href);
            }
        } else if (is(start, end, "base")) {
            if (baseHref == null && href != null) {
                baseHref = href;
            }
        } else if (is(start, end, "meta")) {
            if (metaRobots == null && name != null && name.strip().equalsIgnoreCase("robots") && content != null) {
                metaRobots = content.strip();
            }
        } else if (is(start, end, "link")) {
            if (canonical == null && href != null && rel != null && hasToken(rel, "canonical")) {
                canonical = href;
            }
        } else if (foreign > 0) {
            if (breaksOutOfForeignContent(start, end)) {
                foreign = 0;
                afterHtmlStartTag(start, end, selfClosing);
            } else if (!selfClosing && (is(start, end, "svg") || is(start, end, "math"))) {
                foreign++;
            }
        } else {
            afterHtmlStartTag(start, end, selfClosing);
        }
    }

    /** The text a start tag opens that the tokenizer reads raw: skipped (the title's kept). */
    private void afterHtmlStartTag(int start, int end, boolean selfClosing) {
        if (is(start, end, "svg") || is(start, end, "math")) {
            if (!selfClosing) {
                foreign++;
            }
        } else if (is(start, end, "title")) {
            String text = rawTextUntilEndTag("title");
            if (title == null) {
                title = text;
            }
        } else if (is(start, end, "script") || is(start, end, "style") || is(start, end, "textarea") || is(start, end, "xmp")
                || is(start, end, "iframe") || is(start, end, "noembed") || is(start, end, "noframes")
                || is(start, end, "noscript")) { // raw text when scripts run, as in browsers (and jsoup)
            rawTextUntilEndTag(s.substring(start, end));
        } else if (is(start, end, "plaintext")) {
            i = n;
        }
    }

    /**
     * Reads a start tag's attributes up to its {@code >}, keeping href, name, content and rel if
     * {@code keep}.
     *
     * @return whether the tag closes itself ({@code />}), or null if the document ends inside it
     */
    private @Nullable Boolean attributes(boolean keep) {
        while (true) {
            skipWhitespace();
            if (i >= n) {
                return null;
            }
            char c = s.charAt(i);
            if (c == '>') {
                i++;
                return false;
            }
            if (c == '/') {
                i++;
                if (i < n && s.charAt(i) == '>') {
                    i++;
                    return true;
                }
                continue;
            }
            int nameStart = i;
            i++; // the first character may be '='
            while (i < n && !isWhitespace(s.charAt(i)) && s.charAt(i) != '/' && s.charAt(i) != '>' && s.charAt(i) != '=') {
                i++;
            }
            int nameEnd = i;
            skipWhitespace();
            String value = "";
            if (i < n && s.charAt(i) == '=') {
                i++;
                skipWhitespace();
                if (i >= n) {
                    return null;
                }
                char q = s.charAt(i);
                int valueStart;
                int valueEnd;
                if (q == '"' || q == '\'') {
                    valueStart = i + 1;
                    valueEnd = s.indexOf(q, valueStart);
                    if (valueEnd < 0) {
                        return null;
                    }
                    i = valueEnd + 1;
                } else {
                    valueStart = i;
                    while (i < n && !isWhitespace(s.charAt(i)) && s.charAt(i) != '>') {
                        i++;
                    }
                    valueEnd = i;
                }
                if (keep) {
                    value = s.substring(valueStart, valueEnd);
                }
            }
            if (keep) {
                keep(nameStart, nameEnd, value);
            }
        }
    }

    /** The first of each attribute counts, as in the HTML5 tokenizer. */
    private void keep(int start, int end, String raw) {
        int len = end - start;
        if (len == 4 && href == null && is(start, end, "href")) {
            href = decode(raw);
        } else if (len == 4 && name == null && is(start, end, "name")) {
            name = decode(raw);
        } else if (len == 7 && content == null && is(start, end, "content")) {
            content = decode(raw);
        } else if (len == 3 && rel == null && is(start, end, "rel")) {
            rel = decode(raw);
        }
    }

    /** Skips raw text up to {@code </name} (any case) followed by whitespace, '/' or '>'; returns the text. */
    private String rawTextUntilEndTag(String tag) {
        int from = i;
        int at = from;
        while (true) {
            at = s.indexOf("</", at);
            if (at < 0) {
                i = n;
                return s.substring(from);
            }
            int after = at + 2 + tag.length();
            if (s.regionMatches(true, at + 2, tag, 0, tag.length()) && (after >= n || isWhitespace(s.charAt(after))
                    || s.charAt(after) == '/' || s.charAt(after) == '>')) {
                String text = s.substring(from, at);
                i = at + 2;
                i = tagNameEnd();
                attributes(false);
                return text;
            }
            at += 2;
        }
    }

    private static String decode(String raw) {
        return raw.indexOf('&') < 0 ? raw : Parser.unescapeEntities(raw, true);
    }

    /** A title's text as jsoup gives it: character references decoded, whitespace runs made one space, trimmed. */
    static @Nullable String titleText(@Nullable String raw) {
        if (raw == null) {
            return null;
        }
        String t = raw.indexOf('&') < 0 ? raw : Parser.unescapeEntities(raw, false);
        StringBuilder b = new StringBuilder(t.length());
        boolean space = false;
        for (int k = 0; k < t.length(); k++) {
            char c = t.charAt(k);
            if (isWhitespace(c) || c == '\r') {
                space = b.length() > 0;
            } else {
                if (space) {
                    b.append(' ');
                    space = false;
                }
                b.append(c);
            }
        }
        return b.length() == 0 ? null : b.toString();
    }

    private static boolean hasToken(String list, String token) {
        for (String t : list.split("[\\t\\n\\f\\r ]+")) {
            if (t.equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }

    private int tagNameEnd() {
        while (i < n && !isWhitespace(s.charAt(i)) && s.charAt(i) != '/' && s.charAt(i) != '>') {
            i++;
        }
        return i;
    }

    private void skipWhitespace() {
        while (i < n && isWhitespace(s.charAt(i))) {
            i++;
        }
    }

    private void skipPast(char c) {
        int at = s.indexOf(c, i);
        i = at < 0 ? n : at + 1;
    }

    private boolean is(int start, int end, String lowerName) {
        return end - start == lowerName.length() && s.regionMatches(true, start, lowerName, 0, lowerName.length());
    }

    /** The HTML start tags that end SVG or MathML content in the tree builder (HTML5 §13.2.6.5). */
    private boolean breaksOutOfForeignContent(int start, int end) {
        String t = s.substring(start, end).toLowerCase(java.util.Locale.ROOT);
        return switch (t) {
            case "b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl", "dt", "em", "embed", "h1", "h2",
                    "h3", "h4", "h5", "h6", "head", "hr", "i", "img", "li", "listing", "menu", "nobr", "ol", "p", "pre",
                    "ruby", "s", "small", "span", "strong", "strike", "sub", "sup", "table", "tt", "u", "ul", "var" -> true;
            default -> false;
        };
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\n' || c == '\t' || c == '\f' || c == '\r';
    }
}
