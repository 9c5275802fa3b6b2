package io.asyncio4j.samples.pools;

import io.asyncio4j.ProcessLock;
import io.asyncio4j.SharedDict;
import io.asyncio4j.WorkerPool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Seed 003, {@code Manager().dict}: a hundred jobs in worker processes each do
 * {@code dic['count'] -= 1} under a process lock; the dict ends at {@code {'count': 0}}. Without the
 * lock, the read and the write of {@code -=} are two calls and updates get lost (as in Python);
 * {@link SharedDict#update} would do it in one atomic call instead. Python starts a hundred
 * {@code Process}es; two worker processes take the hundred jobs here.
 *
 * <pre>
 * def func(dic, lock):
 *     with lock:
 *         dic['count'] -= 1
 * with Manager() as m:
 *     dic = m.dict({'count': 100})
 *     ... 100 × Process(target=func, args=(dic, lock)) ...
 *     print(dic)
 * </pre>
 */
public final class ManagerDict {
    private ManagerDict() {}

    /**
     * Runs the sample.
     *
     * @param args none
     */
    public static void main(String[] args) {
        try (SharedDict<String, Integer> dic = SharedDict.create(Map.of("count", 100));
                ProcessLock lock = ProcessLock.create();
                WorkerPool pool = WorkerPool.processes(2)) {
            List<CompletableFuture<Void>> pL = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                pL.add(pool.submit(() -> {
                    try (ProcessLock.Held held = lock.lock()) {
                        dic.put("count", dic.get("count") - 1);
                    }
                    return null;
                }));
            }
            pL.forEach(CompletableFuture::join);
            System.out.println(dic);
        }
    }
}
