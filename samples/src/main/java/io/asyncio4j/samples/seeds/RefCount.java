package io.asyncio4j.samples.seeds;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 000, "GIL锁": CPython frees an object when its reference count drops to zero, and the GIL exists
 * so that two threads never update a count at once.
 *
 * <pre>
 * &gt;&gt;&gt; import sys
 * &gt;&gt;&gt; a = []
 * &gt;&gt;&gt; b = a
 * &gt;&gt;&gt; sys.getrefcount(a)
 * 3
 * </pre>
 *
 * <p>How Java differs: the JVM has no reference counts, so there is no {@code getrefcount} to call and
 * nothing for two threads to race on when they take a reference; the JVM needs no GIL for its memory,
 * and its threads run Java code in parallel. Its garbage collector traces instead: an object is garbage
 * once nothing reachable from a thread's stack or a static field refers to it, however many references
 * point at it from other garbage. The sample shows the Java side of the lesson: two variables and an
 * argument refer to one list and nothing counts them; once they let go, the next collection frees it
 * (a {@link WeakReference}, which does not keep its object alive, tells when); and a cycle, which
 * reference counting alone can never free (CPython's cycle collector, the {@code gc} module, does), goes
 * the same way. {@code System.gc()} only asks for a collection; the sample asks a few times and says
 * what it saw.
 *
 * <p>Run: {@code java -jar samples/target/asyncio4j-samples.jar refcount}
 */
public final class RefCount {
    private static final int MAX_COLLECTIONS = 10;

    private RefCount() {}

    /**
     * Runs the sample.
     *
     * @param args none
     */
    public static void main(String[] args) {
        List<Object> a = new ArrayList<>();
        List<Object> b = a;
        System.out.println("a = []; b = a      -> " + references(a, b));
        WeakReference<Object> list = new WeakReference<>(a);
        a = null; // del a
        b = null; // del b
        System.out.println("a = b = None       -> " + collected(list));

        List<Object> x = new ArrayList<>();
        List<Object> y = new ArrayList<>();
        x.add(y);
        y.add(x); // x and y refer to each other: each would keep a count of 1 for ever
        WeakReference<Object> cycle = new WeakReference<>(x);
        x = null;
        y = null;
        System.out.println("a cycle x <-> y    -> " + collected(cycle));
    }

    /** What {@code sys.getrefcount} would count: a, b, and this method's own parameter. */
    private static String references(List<Object> first, List<Object> second) {
        return "one list, " + (first == second ? "the same object" : "two objects")
                + " through a, b and this argument; the JVM keeps no count of them (CPython says 3)";
    }

    private static String collected(WeakReference<Object> ref) {
        for (int gc = 1; gc <= MAX_COLLECTIONS; gc++) {
            System.gc();
            if (ref.get() == null) {
                return "unreachable, freed by the collector (after " + gc + " System.gc() "
                        + (gc == 1 ? "call" : "calls") + ")";
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return "unreachable, but not freed yet: the JVM ran no full collection (-XX:+DisableExplicitGC?)";
    }
}
