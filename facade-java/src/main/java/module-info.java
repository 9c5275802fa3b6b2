/**
 * asyncio4j: Python's asyncio toolbox for Java. Only {@code io.asyncio4j} is exported; the engine
 * behind it is an implementation detail.
 */
module io.asyncio4j {
    requires io.asyncio4j.engine;
    // JSpecify's nullness annotations are part of the API's signatures but not needed at run time
    requires static transitive org.jspecify;

    exports io.asyncio4j;
}
