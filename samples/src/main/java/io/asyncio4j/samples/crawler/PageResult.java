package io.asyncio4j.samples.crawler;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One record of the crawl: one URL, fetched or refused. Written as one JSON Lines line by
 * {@link #toJson()}, read back by {@link #fromJson(String)}.
 *
 * @param url the URL as queued (normalised)
 * @param finalUrl the URL that answered, after redirects
 * @param status the last HTTP status, 0 if none came
 * @param contentType the Content-Type header, or null
 * @param title the HTML title, or null
 * @param links how many distinct http(s) links the page has
 * @param bytes body bytes read
 * @param latencyMs the page's time from first request to last byte, retries and redirects included
 * @param depth links followed from a start URL
 * @param attempts requests made for it, retries and redirects included
 * @param error what went wrong ({@code "kind: detail"}), or null
 * @param truncated whether the body was cut at the cap
 * @param outlinks the links to follow from it (in scope): what {@code --resume} needs
 * @param canonical the page's {@code <link rel=canonical>} URL, or null
 * @param metaRobots the page's {@code <meta name=robots>} content, or null
 */
public record PageResult(String url, String finalUrl, int status, @Nullable String contentType, @Nullable String title,
        int links, long bytes, long latencyMs, int depth, int attempts, @Nullable String error, boolean truncated,
        List<String> outlinks, @Nullable String canonical, @Nullable String metaRobots) {

    /** Copies the list. */
    public PageResult {
        outlinks = List.copyOf(outlinks);
    }

    /** A record without a canonical link or a robots meta tag. */
    public PageResult(String url, String finalUrl, int status, @Nullable String contentType, @Nullable String title, int links,
            long bytes, long latencyMs, int depth, int attempts, @Nullable String error, boolean truncated, List<String> outlinks) {
        this(url, finalUrl, status, contentType, title, links, bytes, latencyMs, depth, attempts, error, truncated, outlinks,
                null, null);
    }

    /** @return whether the page counts as done well (no error) */
    public boolean ok() {
        return error == null;
    }

    /** @return the failure's kind for the summary ({@code "http 404"}, {@code "timeout"}, ...), or null if ok */
    public @Nullable String cause() {
        if (error == null) {
            return null;
        }
        int colon = error.indexOf(':');
        return colon < 0 ? error : error.substring(0, colon);
    }

    /** @return the record as one line of JSON, without the newline ({@code canonical} and {@code meta_robots} only if set) */
    public String toJson() {
        JsonObject o = new JsonObject()
                .put("url", url).put("final_url", finalUrl).put("status", status)
                .put("content_type", contentType).put("title", title).put("links", links).put("bytes", bytes)
                .put("latency_ms", latencyMs).put("depth", depth).put("attempts", attempts).put("error", error)
                .put("truncated", truncated).put("outlinks", new JsonArray(new ArrayList<>(outlinks)));
        if (canonical != null) {
            o.put("canonical", canonical);
        }
        if (metaRobots != null) {
            o.put("meta_robots", metaRobots);
        }
        return o.encode();
    }

    /**
     * @param line one line written by {@link #toJson()}
     * @return the record
     * @throws io.vertx.core.json.DecodeException if the line is not such a record
     */
    public static PageResult fromJson(String line) {
        JsonObject o = new JsonObject(line);
        JsonArray out = o.getJsonArray("outlinks", new JsonArray());
        List<String> outlinks = new ArrayList<>(out.size());
        for (int i = 0; i < out.size(); i++) {
            outlinks.add(out.getString(i));
        }
        return new PageResult(o.getString("url"), o.getString("final_url", o.getString("url")), o.getInteger("status", 0),
                o.getString("content_type"), o.getString("title"), o.getInteger("links", 0), o.getLong("bytes", 0L),
                o.getLong("latency_ms", 0L), o.getInteger("depth", 0), o.getInteger("attempts", 0), o.getString("error"),
                o.getBoolean("truncated", false), outlinks, o.getString("canonical"), o.getString("meta_robots"));
    }
}
