package io.asyncio4j.vertx;

import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A real Vert.x instance for the test classes of this module: one per class, closed after it. */
abstract class WithVertx {
    static Vertx vertx;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void closeVertx() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }
}
