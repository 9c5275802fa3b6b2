package io.asyncio4j;

import io.asyncio4j.engine.ContextToken;
import io.asyncio4j.engine.ContextVariable;

/**
 * Python's {@code contextvars.ContextVar}: a value that follows the flow of work — a request id, a
 * trace span, a deadline — without being passed as an argument.
 *
 * <p>Every task runs in a copy of the context of the code that created it, as asyncio's tasks do:
 * it sees its creator's values, and what it {@link #set} is seen only by itself and the tasks it
 * creates afterwards, never by its creator or its siblings. Callbacks given to
 * {@link EventLoop#callSoon}, {@link EventLoop#callLater}, {@link EventLoop#callAt} and
 * {@link Task#addDoneCallback} run in a copy of the context they were scheduled from;
 * {@link Async#toThread} runs its function, and {@link Async#runCoroutineThreadsafe} its task, in a
 * copy of the caller's context. A plain thread has a context of its own. Continuations attached to
 * a {@code CompletableFuture} ({@code thenApply}, {@code whenComplete}) are plain JDK callbacks: they
 * run in whatever context is current where the future is completed — read the variable before
 * composing, or inside a task.
 *
 * {@snippet class=io.asyncio4j.Snippets region=contextVar}
 *
 * @param <T> the type of the value
 */
public final class ContextVar<T> {
    private final ContextVariable<T> core;

    private ContextVar(ContextVariable<T> core) {
        this.core = core;
    }

    /**
     * A variable without a default: {@link #get()} fails until a value is set.
     *
     * @param name the variable's name, for messages
     * @param <T> the type of the value
     * @return the new variable
     */
    public static <T> ContextVar<T> of(String name) {
        return new ContextVar<>(ContextVariable.of(Checks.notNull(name, "name")));
    }

    /**
     * A variable whose {@link #get()} returns {@code defaultValue} when no value is set.
     *
     * @param name the variable's name, for messages
     * @param defaultValue the value when none is set (may be null)
     * @param <T> the type of the value
     * @return the new variable
     */
    public static <T> ContextVar<T> of(String name, T defaultValue) {
        return new ContextVar<>(ContextVariable.of(Checks.notNull(name, "name"), defaultValue));
    }

    /**
     * The variable's name.
     *
     * @return the name given to {@link #of}
     */
    public String name() {
        return core.getName();
    }

    /**
     * The value in the current context, else the default.
     *
     * @return the value
     * @throws java.util.NoSuchElementException if there is neither (Python's {@code LookupError})
     */
    public T get() {
        return core.get();
    }

    /**
     * The value in the current context, else {@code fallback} (which wins over the default, as in Python).
     *
     * @param fallback what to return when no value is set (may be null)
     * @return the value or {@code fallback}
     */
    public T get(T fallback) {
        return core.get(fallback);
    }

    /**
     * Sets the value in the current context only.
     *
     * @param value the new value (may be null)
     * @return a token that {@link #reset} uses to restore the previous value
     */
    public Token<T> set(T value) {
        return new Token<>(this, core.set(value));
    }

    /**
     * Restores the value that {@code token}'s {@link #set} replaced (or removes the value if there
     * was none). Must be called in the same context (the same task, callback or thread) as the set.
     *
     * @param token the token returned by {@link #set}
     * @throws IllegalArgumentException if the token belongs to another variable or was created in
     *     another context (Python's {@code ValueError})
     * @throws IllegalStateException if the token was used already (Python's {@code RuntimeError})
     */
    public void reset(Token<T> token) {
        core.reset(Checks.notNull(token, "token").core);
    }

    @Override
    public String toString() {
        return "ContextVar[" + name() + "]";
    }

    /**
     * Python's {@code contextvars.Token}: what one {@link ContextVar#set} replaced, for one
     * {@link ContextVar#reset} in the same context.
     *
     * {@snippet class=io.asyncio4j.Snippets region=contextVar}
     *
     * @param <T> the type of the value
     */
    public static final class Token<T> {
        private final ContextVar<T> var;
        private final ContextToken<T> core;

        private Token(ContextVar<T> var, ContextToken<T> core) {
            this.var = var;
            this.core = core;
        }

        /**
         * The variable that was set.
         *
         * @return the variable
         */
        public ContextVar<T> var() {
            return var;
        }

        /**
         * Whether the variable had a value before the set (Python: {@code old_value is not Token.MISSING}).
         *
         * @return true if it had one
         */
        public boolean hadOldValue() {
            return core.getHadOldValue();
        }

        /**
         * The value before the set.
         *
         * @return the old value, or null if there was none
         */
        public T oldValue() {
            return core.getOldValue();
        }

        @Override
        public String toString() {
            return core.toString();
        }
    }
}
