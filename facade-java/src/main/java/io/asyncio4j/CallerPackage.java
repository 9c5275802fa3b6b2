package io.asyncio4j;

import java.util.List;
import java.util.Set;

/**
 * The package of the code that creates a shared object ({@link ProcessQueue}, {@link SharedDict},
 * {@link ProcessPipe}): its classes are what the object lets in by default, beside the JDK's value
 * types — the code that makes a queue usually defines what travels on it.
 */
final class CallerPackage {
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private static final Set<Class<?>> OURS = Set.of(CallerPackage.class, ProcessQueue.class, ProcessPipe.class, SharedDict.class);

    private CallerPackage() {}

    /**
     * The allow-list pattern of the caller's package ({@code com.example.*}), then {@code more}; nothing
     * for a caller in the unnamed package.
     */
    static List<String> plus(List<String> more) {
        String caller = WALKER.walk(frames -> frames.map(StackWalker.StackFrame::getDeclaringClass)
                .filter(c -> !OURS.contains(c.getNestHost()))
                .findFirst()
                .map(Class::getPackageName)
                .orElse(""));
        if (caller.isEmpty()) {
            return more;
        }
        List<String> all = new java.util.ArrayList<>(more.size() + 1);
        all.add(caller + ".*");
        all.addAll(more);
        return all;
    }

    /** {@code patterns} checked as allow-list patterns (see {@link WorkerOptions#allowClasses}). */
    static List<String> checked(String[] patterns) {
        Checks.notNull(patterns, "allowClasses");
        String[] copy = new String[patterns.length];
        for (int i = 0; i < patterns.length; i++) {
            copy[i] = Checks.classPattern(patterns[i], "allowClasses[" + i + "]");
        }
        return List.of(copy);
    }
}
