package io.asyncio4j;

import io.asyncio4j.engine.QueueErrors;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;

/** The facade's exception types for the engine's queues and channels. */
final class QueueErrorTypes {
    private QueueErrorTypes() {}

    /** asyncio's queue errors: {@link QueueEmpty}, {@link QueueFull}, {@link QueueShutDown}. */
    static final QueueErrors QUEUE = new QueueErrors() {
        @Override
        public RuntimeException empty() {
            return new QueueEmpty("Queue is empty");
        }

        @Override
        public RuntimeException full() {
            return new QueueFull("Queue is full");
        }

        @Override
        public Throwable shutDownPut(@Nullable Throwable cause) {
            return new QueueShutDown("Queue is shut down: put is not allowed");
        }

        @Override
        public Throwable shutDownGet(@Nullable Throwable cause) {
            return new QueueShutDown("Queue is shut down and empty");
        }
    };

    /** kotlinx's channel errors, as JDK types: closed for send is an IllegalStateException, for receive a NoSuchElementException. */
    static final QueueErrors CHANNEL = new QueueErrors() {
        @Override
        public RuntimeException empty() {
            return new NoSuchElementException("Channel is empty");
        }

        @Override
        public RuntimeException full() {
            return new IllegalStateException("Channel is full");
        }

        @Override
        public Throwable shutDownPut(@Nullable Throwable cause) {
            return cause != null ? cause : new IllegalStateException("Channel was closed");
        }

        @Override
        public Throwable shutDownGet(@Nullable Throwable cause) {
            return cause != null ? cause : new NoSuchElementException("Channel was closed");
        }
    };
}
