package io.asyncio4j.samples.contextvars;

import io.asyncio4j.Async;
import io.asyncio4j.ContextVar;
import io.asyncio4j.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * A request id that follows each request through its tasks, worker threads and callbacks, and
 * reaches the log through SLF4J's MDC — Python's {@code contextvars} as logging and tracing use it.
 *
 * <p>The MDC is a thread-local map, and a request's work runs on many threads (task steps, body
 * threads, {@code toThread} workers). So the request id lives in a {@link ContextVar}, which the
 * engine carries from creator to task, task to worker, scheduler to callback; {@link #log} copies
 * it into the MDC for the duration of one log call. The facade needs no SLF4J dependency for this.
 *
 * <p>Three requests run at once; each logs from its own task, from two child tasks, from a
 * {@code toThread} "database call" and from a {@code callLater} callback. Every line carries its
 * request's id. Each printed line shows what a layout with {@code %X{requestId}} would render.
 *
 * Run: {@code java -jar samples/target/asyncio4j-samples.jar request-ids}
 */
public final class RequestIds {
    static final ContextVar<String> REQUEST_ID = ContextVar.of("requestId", "-");
    private static final Logger LOG = LoggerFactory.getLogger(RequestIds.class);

    private RequestIds() {}

    /** The bridge: the ContextVar's value is the MDC's for exactly one log call, on whatever thread. */
    static void log(String message) {
        try (MDC.MDCCloseable ignored = MDC.putCloseable("requestId", REQUEST_ID.get())) {
            LOG.debug(message);
            System.out.println("[" + MDC.get("requestId") + "] " + message); // what %X{requestId} renders
        }
    }

    static String handle(int n) {
        ContextVar.Token<String> token = REQUEST_ID.set("req-" + n);
        try {
            log("request " + n + ": start");
            List<Task<String>> parts = new ArrayList<>();
            for (int part = 1; part <= 2; part++) {
                int p = part;
                parts.add(Async.createTask(() -> { // inherits req-n
                    Async.await(Async.sleep(Duration.ofMillis(5L * ((n + p) % 3))));
                    log("request " + n + ": part " + p + " fetched");
                    return "part" + p;
                }));
            }
            String row = Async.await(Async.toThread(() -> { // runs in a copy of req-n's context
                log("request " + n + ": database call on a worker thread");
                return "row" + n;
            }));
            CompletableFuture<Void> audited = new CompletableFuture<>();
            Async.getRunningLoop().callLater(Duration.ofMillis(2), () -> { // scheduled from req-n
                log("request " + n + ": audit callback");
                audited.complete(null);
            });
            List<String> fetched = Async.await(Async.gather(parts));
            Async.await(audited);
            log("request " + n + ": done with " + fetched + " and " + row);
            return "req-" + n;
        } finally {
            REQUEST_ID.reset(token);
        }
    }

    /**
     * Serves three requests concurrently.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        List<String> served = Async.run(() -> {
            List<Task<String>> requests = new ArrayList<>();
            for (int n = 1; n <= 3; n++) {
                int id = n;
                requests.add(Async.createTask("request-" + id, () -> handle(id)));
            }
            List<String> ids = Async.await(Async.gather(requests));
            log("main: served " + ids); // main never set the variable: the default
            return ids;
        });
        System.out.println("served " + served.size() + " requests");
    }
}
