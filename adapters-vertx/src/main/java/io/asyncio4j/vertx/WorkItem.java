package io.asyncio4j.vertx;

import java.util.Objects;

/**
 * One item of a {@link DistributedWorkQueue}, as {@link DistributedWorkQueue#get()} hands it out: its
 * cluster-wide id, the partition it was put in, and its body. Give it back to
 * {@link DistributedWorkQueue#taskDone(WorkItem)} once it is processed.
 *
 * {@snippet :
 * WorkItem item = Async.await(queue.get());
 * process(item.partition(), item.body());
 * Async.await(queue.taskDone(item));
 * }
 *
 * @param id the item's id, unique in the cluster (a second delivery of the same item has the same id)
 * @param partition the partition key given to {@code put}; items of one partition are handed out in order
 * @param body the item as put
 */
public record WorkItem(String id, String partition, String body) {
    /** Checks that no component is null. */
    public WorkItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(body, "body");
    }
}
