package io.asyncio4j.engine

import java.util.concurrent.Callable

/**
 * Python's `contextvars.Context`: a mapping from [ContextVariable]s to values, entered by one
 * thread at a time. Its mapping is immutable and replaced on each `set`, so copying a context
 * (every new task, every scheduled callback) costs one small object, never a copy of the map.
 */
public class Context internal constructor(@Volatile internal var values: Map<ContextVariable<*>, Any?>) {
    /** Python's `ctx.run(fn)`: runs [fn] with this context entered on the current thread, then restores. */
    public fun <R> run(fn: Callable<R>): R {
        val old = ContextVars.CURRENT.get()
        ContextVars.CURRENT.set(this)
        try {
            return fn.call()
        } finally {
            ContextVars.CURRENT.set(old)
        }
    }

    /** Python's `ctx.copy()`: a new context with the same values. */
    public fun copy(): Context = Context(values)

    override fun toString(): String = values.entries.joinToString(", ", "Context{", "}") { "${it.key.name}=${it.value}" }
}

/**
 * Python's `contextvars.ContextVar`. [get] reads the current context of the running thread (the
 * running task's own copy while a task step or body runs); [set] changes only that context.
 */
public class ContextVariable<T> private constructor(
    /** The variable's name, for messages and `toString`. */
    public val name: String,
    private val default: Any?,
) {
    /** True if [get] without a value falls back to a default. */
    public val hasDefault: Boolean get() = default !== MISSING

    /** The value in the current context, else the default; [NoSuchElementException] if neither (Python's `LookupError`). */
    @Suppress("UNCHECKED_CAST")
    public fun get(): T {
        val values = ContextVars.CURRENT.get()?.values ?: emptyMap()
        if (values.containsKey(this)) return values[this] as T
        if (default === MISSING) throw NoSuchElementException("ContextVar '$name' has no value in this context and no default")
        return default as T
    }

    /** The value in the current context, else [fallback] (which wins over the variable's default, as in Python). */
    @Suppress("UNCHECKED_CAST")
    public fun get(fallback: T): T {
        val values = ContextVars.CURRENT.get()?.values ?: return fallback
        return if (values.containsKey(this)) values[this] as T else fallback
    }

    /** Sets the value in the current context; the token undoes it with [reset]. */
    public fun set(value: T): ContextToken<T> {
        val ctx = ContextVars.enteredOrNew()
        val values = ctx.values
        val token = ContextToken(this, ctx, if (values.containsKey(this)) values[this] else MISSING)
        ctx.values = HashMap(values).apply { put(this@ContextVariable, value) }
        return token
    }

    /**
     * Restores the value [token]'s `set` replaced (or removes it). [IllegalArgumentException] if the
     * token belongs to another variable or was made in another context (Python's `ValueError`),
     * [IllegalStateException] if it was used already (Python's `RuntimeError`).
     */
    public fun reset(token: ContextToken<T>) {
        require(token.variable === this) { "token was created by a different ContextVar ('${token.variable.name}', not '$name')" }
        check(!token.used) { "token for ContextVar '$name' has already been used once" }
        val ctx = ContextVars.CURRENT.get()
        require(ctx != null && token.context === ctx) {
            "token for ContextVar '$name' was created in a different Context (another task, callback or thread)"
        }
        val values = HashMap(ctx.values)
        if (token.old === MISSING) values.remove(this) else values[this] = token.old
        ctx.values = values
        token.used = true
    }

    override fun toString(): String = "ContextVar '$name'"

    public companion object {
        internal val MISSING = Any()

        /** A variable without a default. */
        @JvmStatic
        public fun <T> of(name: String): ContextVariable<T> = ContextVariable(name, MISSING)

        /** A variable whose [get] falls back to [default]. */
        @JvmStatic
        public fun <T> of(name: String, default: T): ContextVariable<T> = ContextVariable(name, default)
    }
}

/** Python's `contextvars.Token`: what one `set` replaced, to be undone once by `reset` in the same context. */
public class ContextToken<T> internal constructor(
    /** The variable that was set. */
    public val variable: ContextVariable<T>,
    internal val context: Context,
    internal val old: Any?,
) {
    @Volatile
    internal var used = false

    /** True if the variable had a value before the `set`. */
    public val hadOldValue: Boolean get() = old !== ContextVariable.MISSING

    /** The value before the `set`, or null if it had none. */
    @Suppress("UNCHECKED_CAST")
    public val oldValue: T? get() = if (old === ContextVariable.MISSING) null else old as T

    override fun toString(): String = "Token for ContextVar '${variable.name}'" + if (used) " (used)" else ""
}

/**
 * The current context of each thread, and how the engine carries it: a task copies its creator's
 * context when it is created and enters it for each of its steps ([TaskElement]) and on its body's
 * thread ([BlockingBody]); `callSoon`/`callLater`/done callbacks and `toThread` functions run in a
 * copy of the context they were scheduled from ([wrap]), as asyncio's `Handle`s and `to_thread` do.
 */
public object ContextVars {
    internal val CURRENT = ThreadLocal<Context?>()
    private val EMPTY: Map<ContextVariable<*>, Any?> = emptyMap()

    /** Python's `copy_context()`: a copy of the current thread's context. */
    @JvmStatic
    public fun copyCurrent(): Context = Context(CURRENT.get()?.values ?: EMPTY)

    /** The context entered on this thread; a thread that has none gets its own (Python: one per thread). */
    internal fun enteredOrNew(): Context = CURRENT.get() ?: Context(EMPTY).also { CURRENT.set(it) }

    /** [action] bound to a copy of the current context, taken now (asyncio's `Handle(context=copy_context())`). */
    @JvmStatic
    public fun wrap(action: Runnable): Runnable {
        val values = CURRENT.get()?.values ?: EMPTY
        return Runnable { Context(values).run { action.run() } }
    }

    /** [fn] bound to a copy of the current context, taken now (asyncio's `to_thread`). */
    @JvmStatic
    public fun <T> wrap(fn: Callable<T>): Callable<T> {
        val values = CURRENT.get()?.values ?: EMPTY
        return Callable { Context(values).run(fn) }
    }

    /** Enters [ctx] on this thread (a task step or body starting); returns what to restore. */
    internal fun enter(ctx: Context?): Context? {
        val old = CURRENT.get()
        CURRENT.set(ctx)
        return old
    }

    /** Leaves the context entered by [enter]. */
    internal fun restore(old: Context?) {
        CURRENT.set(old)
    }
}
