/**
 * asyncio4j on Vert.x 5: loops that run on Vert.x contexts ({@link io.asyncio4j.vertx.VertxLoops}),
 * Vert.x futures, callbacks, streams and the event bus as asyncio4j awaitables
 * ({@link io.asyncio4j.vertx.VertxAsync}), and verticles whose start and stop are task bodies
 * ({@link io.asyncio4j.vertx.AsyncVerticle}).
 */
@NullMarked
package io.asyncio4j.vertx;

import org.jspecify.annotations.NullMarked;
