package io.asyncio4j;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * One facade object per engine object, so {@code ==} and identity-keyed maps work on what users see:
 * the engine object carries an untyped slot the facade fills once (the first writer wins a race).
 */
final class FacadeIdentity {
    private FacadeIdentity() {}

    @SuppressWarnings("unchecked")
    static <F> F of(AtomicReference<Object> slot, Supplier<F> create) {
        Object f = slot.get();
        if (f == null) {
            F made = create.get();
            if (slot.compareAndSet(null, made)) {
                return made;
            }
            f = slot.get();
        }
        return (F) f;
    }
}
