package io.asyncio4j.benchmarks.jmh;

import io.asyncio4j.EventLoop;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The event loop the JMH benchmarks run on: started in its own thread before a trial, closed after.
 * JMH runs a superclass's {@code @Setup} before the subclass's and its {@code @TearDown} after.
 */
public abstract class LoopBenchmark {
    /** The loop under measurement; a plain thread (JMH's) submits to it. */
    protected EventLoop loop;

    /** Starts the loop. */
    @Setup
    public void startLoop() {
        loop = EventLoop.startInThread("jmh-loop");
    }

    /** Closes the loop. */
    @TearDown
    public void closeLoop() {
        loop.close();
    }
}
