package io.asyncio4j.vertx.readme;

import io.asyncio4j.Async;
import io.asyncio4j.AsyncQueue;
import io.asyncio4j.vertx.AsyncVerticle;
import io.asyncio4j.vertx.VertxAsync;
import io.vertx.core.eventbus.Message;
import java.time.Duration;

// README-BEGIN (the README's Vert.x example: ReadmeTest checks that the README shows exactly this)
/** Answers "greet" requests one by one; deploy it with ThreadingModel.VIRTUAL_THREAD. */
public final class GreeterVerticle extends AsyncVerticle {
    @Override
    protected void start() {
        AsyncQueue<Message<String>> inbox = VertxAsync.consumerQueue(vertx().eventBus(), "greet", 100);
        Async.createTask("greeter", () -> { // runs on the verticle's context; cancelled at undeploy
            while (true) {
                Message<String> m = Async.await(inbox.get());
                Async.await(Async.sleep(Duration.ofMillis(10))); // stands for real work
                m.reply("Hello, " + m.body() + "!");
            }
        });
    }
}
// README-END
