package io.asyncio4j.engine

/** Something awaited that can say what it is for `dumpTasks` (`sleep(1 s, 0.4 s left)`, `gather(3 of 5 done)`). */
internal interface Described {
    fun describe(): String
}

/**
 * `dumpTasks`: the live tasks of a loop as a text tree, each with its state and what it awaits, in the
 * spirit of Python 3.14's `asyncio pstree`. Safe to call from any thread (it reads a snapshot).
 */
public object TaskTree {
    /** The tree of one loop. */
    @JvmStatic
    public fun render(loop: EventLoop): String {
        val tasks = loop.liveTasks.toList().sortedBy { it.name }
        val sb = StringBuilder()
        sb.append(loop.toString()).append(" — ").append(tasks.size).append(if (tasks.size == 1) " live task" else " live tasks")
        loop.owner?.let { sb.append(", held by thread '").append(it.name).append('\'') }
        sb.append('\n')
        val live = tasks.toSet()
        val byParent = tasks.groupBy { t -> t.creator?.takeIf { it in live } }
        fun walk(parent: Task<*>?, prefix: String) {
            val kids = byParent[parent] ?: return
            for ((i, t) in kids.withIndex()) {
                val last = i == kids.size - 1
                sb.append(prefix).append(if (last) "└── " else "├── ").append("Task '").append(t.name).append("' ")
                    .append(state(loop, t)).append('\n')
                val inner = prefix + if (last) "    " else "│   "
                for (f in stackOf(t)) sb.append(inner).append("    at ").append(f).append('\n')
                walk(t, inner)
            }
        }
        walk(null, "")
        return sb.toString()
    }

    /** The trees of every open loop. */
    @JvmStatic
    public fun renderAll(): String {
        val loops = EventLoop.openLoops().sortedBy { it.name }
        if (loops.isEmpty()) return "(no open event loops)\n"
        return loops.joinToString("") { render(it) }
    }

    private fun state(loop: EventLoop, t: Task<*>): String {
        val a = t.awaiting
        val s = when {
            loop.runningTask === t -> "[running]"
            a != null -> "[awaiting ${describe(a)}]"
            !t.started -> "[scheduled]"
            else -> "[suspended]"
        }
        val cancels = t.cancelling()
        val withCancels = if (cancels > 0 && !t.isDone) "$s (cancel requested${if (cancels > 1) " ×$cancels" else ""})" else s
        return withCancels
    }

    /** What a task waits for, as a person reads it. */
    internal fun describe(a: Any): String {
        val s = when (a) {
            is TaskFuture<*> -> "Task '${a.task().name}'"
            is Described -> a.describe()
            is Waiter<*> -> a.describe()
            else -> a.toString()
        }
        return if (s.length > 160) s.substring(0, 157) + "..." else s
    }

    /** The top frames of a blocking-style body's own code (engine, facade and JDK frames left out). */
    private fun stackOf(t: Task<*>): List<String> {
        val thread = t.bodyThread() ?: return emptyList()
        return thread.stackTrace.filter { f -> USER_CODE(f.className) }.take(STACK_FRAMES)
            .map { f -> "${f.className}.${f.methodName}(${f.fileName ?: "Unknown Source"}:${f.lineNumber})" }
    }

    private const val STACK_FRAMES = 3

    private val USER_CODE: (String) -> Boolean = { c ->
        !(c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun.") || c.startsWith("kotlin.") ||
            c.startsWith("kotlinx.") || c.startsWith("io.asyncio4j.engine.") || isFacade(c))
    }

    // The Java facade's own frames (Async.await, ...): classes of package io.asyncio4j that come from the
    // facade's jar; a user's (or a test's) class in that package comes from elsewhere and is kept.
    private val facadeLocation: Any? by lazy {
        runCatching { Class.forName("io.asyncio4j.Async", false, TaskTree::class.java.classLoader).protectionDomain.codeSource?.location }.getOrNull()
    }

    private fun isFacade(c: String): Boolean {
        if (!c.startsWith("io.asyncio4j.") || c.indexOf('.', "io.asyncio4j.".length) >= 0) return false
        val loc = runCatching { Class.forName(c, false, TaskTree::class.java.classLoader).protectionDomain.codeSource?.location }.getOrNull()
        return loc == null || loc == facadeLocation
    }

    /** 1.5 s, 250 ms, 12 µs: a duration for people. */
    internal fun seconds(nanos: Long): String = when {
        nanos >= 1_000_000_000L -> trim(nanos / 1e9) + " s"
        nanos >= 1_000_000L -> trim(nanos / 1e6) + " ms"
        else -> trim(nanos / 1e3) + " µs"
    }

    private fun trim(v: Double): String {
        val s = String.format(java.util.Locale.ROOT, "%.1f", v)
        return if (s.endsWith(".0")) s.dropLast(2) else s
    }
}
