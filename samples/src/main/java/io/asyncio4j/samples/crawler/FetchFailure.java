package io.asyncio4j.samples.crawler;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * Why a request failed, as a record's error: {@code "kind: host[:port] what happened"}, so that a
 * record read alone says which host failed and why (a bare {@code "ConnectException"} says
 * neither). The kind is the summary's cause. Connect errors and connections that broke are worth a
 * retry; the rest are not.
 */
final class FetchFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private static final Map<Integer, String> REASONS = Map.ofEntries(Map.entry(400, "Bad Request"),
            Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"),
            Map.entry(405, "Method Not Allowed"), Map.entry(406, "Not Acceptable"), Map.entry(408, "Request Timeout"),
            Map.entry(410, "Gone"), Map.entry(414, "URI Too Long"), Map.entry(429, "Too Many Requests"),
            Map.entry(451, "Unavailable For Legal Reasons"), Map.entry(500, "Internal Server Error"),
            Map.entry(501, "Not Implemented"), Map.entry(502, "Bad Gateway"), Map.entry(503, "Service Unavailable"),
            Map.entry(504, "Gateway Timeout"));

    private final boolean retryable;

    private FetchFailure(String error, boolean retryable) {
        super(error, null, false, false);
        this.retryable = retryable;
    }

    /** @return whether the host may be overloaded: it refused, dropped or did not answer a connection in time */
    boolean overload() {
        String m = String.valueOf(getMessage());
        return m.startsWith("connect: ") && !m.contains("unknown host") || m.startsWith("network: ") || m.startsWith("timeout: ");
    }

    /** @return whether another try may succeed (a connect error, a connection that broke) */
    boolean retryable() {
        return retryable;
    }

    /** @return {@code host} or {@code host:port} of a URL, as a record names it */
    static String hostOf(URI url) {
        return url.getPort() == -1 ? url.getHost() : url.getHost() + ":" + url.getPort();
    }

    /**
     * @param failure what the HTTP client or the timeout reported (unwrapped)
     * @param url the request's URL
     * @param timeoutMs the request's timeout, for a timeout's message
     */
    static FetchFailure of(Throwable failure, URI url, long timeoutMs) {
        String host = hostOf(url);
        if (failure instanceof TimeoutException) {
            return new FetchFailure("timeout: " + host + " sent no complete answer within " + timeoutMs + " ms", false);
        }
        if (has(failure, UnknownHostException.class) || has(failure, UnresolvedAddressException.class)) {
            return new FetchFailure("connect: " + url.getHost() + " is an unknown host (its name does not resolve)", true);
        }
        if (has(failure, HttpConnectTimeoutException.class)
                || has(failure, "io.netty.channel.ConnectTimeoutException")) {
            return new FetchFailure("connect: " + host + " did not accept a connection in time", true);
        }
        if (has(failure, NoRouteToHostException.class)) {
            return new FetchFailure("connect: no route to " + host, true);
        }
        if (has(failure, ConnectException.class)) {
            // the JDK's client says nothing (a ConnectException without a message over a ClosedChannelException)
            String detail = message(failure);
            boolean refused = detail == null || detail.toLowerCase(Locale.ROOT).contains("refused");
            return new FetchFailure("connect: " + host + (refused ? " refused the connection" : ": " + detail), true);
        }
        if (has(failure, SSLException.class)) {
            return new FetchFailure("tls: " + host + ": " + describe(find(failure, SSLException.class)), false);
        }
        if (brokenConnection(failure)) {
            String detail = message(failure);
            return new FetchFailure("network: " + host + " closed the connection before the answer was whole"
                    + (detail == null ? "" : " (" + detail + ")"), true);
        }
        return new FetchFailure("error: " + host + ": " + describe(failure), false);
    }

    /** A page whose whole time ran out: its retries and redirects together took longer than the deadline. */
    static FetchFailure deadline(URI url, long deadlineMs) {
        return new FetchFailure("deadline: " + hostOf(url) + ": the page took longer than " + deadlineMs + " ms", false);
    }

    /** @return the error of an HTTP status that is not a success, e.g. {@code "http 404: host:port answered Not Found"} */
    static String httpError(int status, URI url) {
        String reason = REASONS.get(status);
        return "http " + status + ": " + hostOf(url) + " answered " + (reason != null ? reason : "status " + status);
    }

    /** @return the failure's class and message on one line, for what no other kind describes */
    static String describe(Throwable t) {
        String m = message(t);
        return t.getClass().getSimpleName() + (m == null ? "" : " " + m);
    }

    private static boolean brokenConnection(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String msg = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
            if (c instanceof ClosedChannelException || c instanceof EOFException
                    || c.getClass().getName().equals("io.vertx.core.http.HttpClosedException")
                    || msg.contains("connection was closed") || msg.contains("connection reset")
                    || msg.contains("closed") && c instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    /** The first message in the cause chain that says something, on one line. */
    private static @Nullable String message(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = c.getMessage();
            if (m != null && !m.isBlank() && !m.equals(String.valueOf(c.getCause()))) {
                return m.strip().replaceAll("\\s+", " ");
            }
        }
        return null;
    }

    private static boolean has(Throwable t, Class<? extends Throwable> type) {
        return find(t, type) != null;
    }

    private static boolean has(Throwable t, String className) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getClass().getName().equals(className)) {
                return true;
            }
        }
        return false;
    }

    private static @Nullable Throwable find(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return c;
            }
        }
        return null;
    }
}
