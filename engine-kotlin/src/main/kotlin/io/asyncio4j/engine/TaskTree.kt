package io.asyncio4j.engine

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
                walk(t, prefix + if (last) "    " else "│   ")
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
        return when {
            loop.runningTask === t -> "[running]"
            a is TaskFuture<*> -> "[awaiting Task '${a.task().name}']"
            a != null -> "[awaiting ${describe(a)}]"
            !t.started -> "[scheduled]"
            else -> "[suspended]"
        }
    }

    private fun describe(a: Any): String {
        val s = a.toString()
        return if (s.length > 120) s.substring(0, 117) + "..." else s
    }
}
