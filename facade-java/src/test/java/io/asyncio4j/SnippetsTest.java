package io.asyncio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs the Javadoc examples of {@link Snippets} that finish quickly and say what they produce. */
@Timeout(20)
class SnippetsTest {
    @Test
    void lifoQueue_givesTheLastItemFirst() {
        assertThat(Snippets.lifoQueue()).isEqualTo(2);
    }

    @Test
    void priorityQueue_givesTheSmallestFirst() {
        assertThat(Snippets.priorityQueue().name()).isEqualTo("first");
    }

    @Test
    void lock_countsUnderTheLock() {
        int before = Snippets.counter;
        assertThat(Async.run(Snippets::lock)).isEqualTo(before + 1);
    }

    @Test
    void semaphore_fetchesUnderAPermit() {
        assertThat(Snippets.semaphore("u")).isEqualTo("page u");
    }

    @Test
    void boundedSemaphore_refusesTheExtraRelease() {
        assertThatThrownBy(Snippets::boundedSemaphore).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void queueErrors_areCaughtAsShown() {
        assertThatNoException().isThrownBy(() -> {
            Snippets.queueEmpty();
            Snippets.queueFull();
            Snippets.queueShutDown();
        });
    }

    @Test
    void queue_workerDrainsEveryUrl() {
        assertThatNoException().isThrownBy(() -> Snippets.queue(List.of("a", "b", "c")));
    }

    @Test
    void taskGroupException_isCaught() {
        assertThatNoException().isThrownBy(() -> Async.run(() -> {
            Snippets.taskGroupException();
            return null;
        }));
    }

    @Test
    void runnable_runs() {
        assertThatNoException().isThrownBy(Snippets::runnable);
    }

    @Test
    void contextVar_taskSeesItsCreatorsValue() {
        assertThat(Snippets.serve()).isEqualTo("handled req-42");
    }

    @Test
    void hedge_firstAttemptWins() {
        assertThat(Snippets.hedge()).isEqualTo("OK url_1");
        assertThat(Snippets.hedgeAsync("u")).isEqualTo("page u");
    }

    @Test
    void allowClasses_letsInThePointsOfAnotherPackage() {
        assertThat(Snippets.allowClasses()).extracting(com.example.model.Point::y).containsExactly(1, 4, 9);
        assertThat(Snippets.processQueueAllowClasses()).isEqualTo(new com.example.model.Point(1, 2));
    }
}
