package io.asyncio4j;

import io.asyncio4j.engine.RemoteDict;
import io.asyncio4j.engine.SharedObjects;
import java.io.Serializable;
import java.rmi.RemoteException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * A Manager's {@code dict} ({@code Manager().dict(...)}): a map that worker processes and this
 * process share, served by the process that creates it (Java RMI on 127.0.0.1; see
 * {@link ProcessQueue} for the costs). Each call is atomic in the owner. As in Python,
 * {@code d.put(k, d.get(k) - 1)} is two calls and races with other processes: hold a
 * {@link ProcessLock} around it, or use {@link #update}, which applies a (serializable) function in
 * the owner under the dict's own lock.
 *
 * {@snippet :
 * SharedDict<String, Integer> dic = SharedDict.create(Map.of("count", 100));
 * pool.submit(() -> dic.update("count", (k, v) -> v - 1));
 * }
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class SharedDict<K, V> implements Serializable, AutoCloseable {
    private static final long serialVersionUID = 1L;

    private final RemoteDict remote;
    private final transient @Nullable RemoteDict served;

    private SharedDict(RemoteDict served, List<String> allowClasses) {
        this.served = served;
        this.remote = SharedObjects.export(served, allowClasses, "SharedDict");
    }

    /**
     * {@code m.dict(initial)}: a dict served by this process, holding a copy of {@code initial}. It lets
     * in keys, values and {@link #update} functions of the classes a {@link ProcessQueue} lets in by
     * default: the JDK's value types, asyncio4j's own, and the classes of the package of the code that
     * creates it (a lambda passed to {@code update} is of the class that wrote it).
     *
     * @param initial the first entries (serializable)
     * @param <K> the key type
     * @param <V> the value type
     * @return the dict
     */
    public static <K, V> SharedDict<K, V> create(Map<? extends K, ? extends V> initial) {
        return serving(initial, List.of());
    }

    /**
     * As {@link #create(Map)}, also letting in the classes {@code allowClasses} names (as for
     * {@link ProcessQueue#create(int, String...)}).
     *
     * @param initial the first entries (serializable)
     * @param allowClasses class names or patterns ({@code com.example.model.*})
     * @param <K> the key type
     * @param <V> the value type
     * @return the dict
     * @throws IllegalArgumentException if a pattern is not a class name or pattern
     */
    public static <K, V> SharedDict<K, V> create(Map<? extends K, ? extends V> initial, String... allowClasses) {
        return serving(initial, CallerPackage.checked(allowClasses));
    }

    @SuppressWarnings("unchecked")
    private static <K, V> SharedDict<K, V> serving(Map<? extends K, ? extends V> initial, List<String> allowClasses) {
        Checks.notNull(initial, "initial");
        return new SharedDict<>(SharedObjects.dict((Map<Object, Object>) (Map<?, ?>) initial), CallerPackage.plus(allowClasses));
    }

    /**
     * {@code d[key]} (null when absent, as {@code d.get(key)}).
     *
     * @param key the key
     * @return the value or null
     */
    @SuppressWarnings("unchecked")
    public @Nullable V get(K key) {
        try {
            return (V) remote.get(key);
        } catch (RemoteException e) {
            throw ProcessQueue.failed("get", e);
        }
    }

    /**
     * {@code d[key] = value}.
     *
     * @param key the key
     * @param value the value (serializable)
     * @return the previous value or null
     */
    @SuppressWarnings("unchecked")
    public @Nullable V put(K key, V value) {
        try {
            return (V) remote.put(key, value);
        } catch (RemoteException e) {
            throw ProcessQueue.failed("put", e);
        }
    }

    /**
     * {@code d.pop(key, None)}.
     *
     * @param key the key
     * @return the removed value or null
     */
    @SuppressWarnings("unchecked")
    public @Nullable V remove(K key) {
        try {
            return (V) remote.remove(key);
        } catch (RemoteException e) {
            throw ProcessQueue.failed("remove", e);
        }
    }

    /**
     * Replaces {@code key}'s value with {@code fn(key, old)} atomically in the owner (a null result
     * removes the key). {@code fn} travels to the owner, so it must be serializable: a lambda written
     * here is.
     *
     * @param key the key
     * @param fn computes the new value from the old (null if absent)
     * @return the new value
     */
    @SuppressWarnings("unchecked")
    public @Nullable V update(K key, Updater<K, V> fn) {
        Checks.notNull(fn, "fn");
        try {
            return (V) remote.update(key, (BiFunction<Object, Object, Object>) (BiFunction<?, ?, ?>) fn);
        } catch (RemoteException e) {
            throw ProcessQueue.failed("update", e);
        }
    }

    /**
     * A copy of the whole dict, in insertion order ({@code dict(d)}).
     *
     * @return the copy
     */
    @SuppressWarnings("unchecked")
    public Map<K, V> snapshot() {
        try {
            return (Map<K, V>) (Map<?, ?>) remote.snapshot();
        } catch (RemoteException e) {
            throw ProcessQueue.failed("snapshot", e);
        }
    }

    /** Python's {@code str(d)}: {@code {'count': 0}} style, from a snapshot. */
    @Override
    public String toString() {
        Map<K, V> m = snapshot();
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<K, V> e : new LinkedHashMap<>(m).entrySet()) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append(repr(e.getKey())).append(": ").append(repr(e.getValue()));
        }
        return sb.append('}').toString();
    }

    private static String repr(@Nullable Object o) {
        return o instanceof String ? "'" + o + "'" : String.valueOf(o);
    }

    /**
     * In the owner, stops serving the dict; elsewhere does nothing. Close it when done: while a shared
     * object is served, RMI keeps the owner's JVM from exiting.
     */
    @Override
    public void close() {
        if (served != null) {
            SharedObjects.unexport(served);
        }
    }

    /**
     * The function of {@link #update}: serializable, since it runs in the owner process.
     *
     * @param <K> the key type
     * @param <V> the value type
     */
    @FunctionalInterface
    public interface Updater<K, V> extends BiFunction<K, @Nullable V, @Nullable V>, Serializable {}
}
