package io.asyncio4j;

import java.util.List;

/**
 * A {@link TaskGroup} failed: one or more of its tasks failed (asyncio's {@code ExceptionGroup} from
 * {@code TaskGroup}). {@link #exceptions()} lists every failure in the order they happened; the
 * first is also the {@linkplain #getCause() cause}, the others are suppressed.
 *
 * {@snippet class=io.asyncio4j.Snippets region=taskGroupException}
 */
public final class TaskGroupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    // Filled by the group until its last child is done; read only through exceptions().
    private final transient List<Throwable> live;

    TaskGroupException(List<Throwable> live) {
        super(null, live.isEmpty() ? null : live.get(0));
        this.live = live;
    }

    /** @return every failure of the group's tasks, in order */
    public List<Throwable> exceptions() {
        synchronized (live) {
            return List.copyOf(live);
        }
    }

    @Override
    public String getMessage() {
        List<Throwable> all = exceptions();
        return all.size() + (all.size() == 1 ? " task" : " tasks") + " of the TaskGroup failed"
                + (all.isEmpty() ? "" : "; first: " + all.get(0));
    }
}
