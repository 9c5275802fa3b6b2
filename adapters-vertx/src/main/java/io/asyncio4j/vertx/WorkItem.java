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
 * @param delivery 1 the first time the item is handed out, more when it is handed out again (its
 *        holder's lease ran out, or a new coordinator found it in the map and cannot know whether it
 *        was handed out before): a hint to check for work a previous holder may have half done
 */
public record WorkItem(String id, String partition, String body, int delivery) {
    /** Checks that no component is null and that {@code delivery >= 1}. */
    public WorkItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(body, "body");
        if (delivery < 1) {
            throw new IllegalArgumentException("delivery must be >= 1, was " + delivery);
        }
    }
}
