package io.asyncio4j.samples.crawler;

import org.jspecify.annotations.Nullable;

/**
 * What one GET answered.
 *
 * @param status the HTTP status code
 * @param contentType the Content-Type header, or null
 * @param location the Location header, or null
 * @param retryAfter the Retry-After header, or null
 * @param body the body, at most the cap
 * @param truncated whether the body was longer than the cap and was cut
 */
record FetchResponse(int status, @Nullable String contentType, @Nullable String location,
        @Nullable String retryAfter, byte[] body, boolean truncated) {}
