package io.asyncio4j.samples.crawler.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@link ClusterName}: drawn names, and how the nodes of one machine find the one their first node drew. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ClusterNameTest {
    @TempDir
    Path tmp;

    @Test
    void drawnNamesAreWellFormedAndDoNotRepeat() {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String n = ClusterName.generate();
            assertThat(n).matches("crawl-[0-9a-f]{16}");
            assertThat(ClusterName.check(n)).isEqualTo(n);
            names.add(n);
        }
        assertThat(names).hasSize(10_000);
        assertThatThrownBy(() -> ClusterName.check("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClusterName.check("a/b")).hasMessageContaining("--cluster-name must be 1 to 64");
        assertThatThrownBy(() -> ClusterName.check("x".repeat(65))).hasMessageContaining("was 'xxx");
    }

    @Test
    void aJoiningNodeFindsTheNameOfTheMemberItJoins_waitingForItIfNeeded() throws Exception {
        Path dir = tmp.resolve("asyncio4j-user");
        assertThat(ClusterName.find(dir, List.of("127.0.0.1:5701"), 0)).as("nothing left yet").isNull();
        CompletableFuture<String> found = CompletableFuture.supplyAsync(() -> {
            try {
                return ClusterName.find(dir, List.of("127.0.0.1:5799", "127.0.0.1:5701"), 20_000);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(300); // the joining node started first: it waits for the name
        ClusterName.publish(dir, "127.0.0.1:5701", "crawl-0123456789abcdef");
        assertThat(found.get(20, TimeUnit.SECONDS)).isEqualTo("crawl-0123456789abcdef");
        assertThat(ClusterName.find(dir, List.of("127.0.0.1:5702"), 0)).as("another member's").isNull();
        ClusterName.withdraw(dir, "127.0.0.1:5701", "crawl-ffffffffffffffff"); // not ours any more: kept
        assertThat(ClusterName.find(dir, List.of("127.0.0.1:5701"), 0)).isEqualTo("crawl-0123456789abcdef");
        ClusterName.withdraw(dir, "127.0.0.1:5701", "crawl-0123456789abcdef");
        assertThat(ClusterName.find(dir, List.of("127.0.0.1:5701"), 0)).isNull();
    }

    /** A directory others may write could hand this node a name of theirs: it is not read, nor written to. */
    @Test
    void aDirectoryOthersMayWriteIsNeitherReadNorWritten() throws Exception {
        Assumptions.assumeTrue(Files.getFileAttributeView(tmp, java.nio.file.attribute.PosixFileAttributeView.class) != null,
                "POSIX permissions");
        Path dir = tmp.resolve("asyncio4j-user");
        ClusterName.publish(dir, "127.0.0.1:5701", "crawl-0123456789abcdef");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThat(ClusterName.find(dir, List.of("127.0.0.1:5701"), 0)).isNull();
        assertThatThrownBy(() -> ClusterName.publish(dir, "127.0.0.1:5701", "crawl-0000000000000000"))
                .hasMessageContaining("is not this user's alone");
    }
}
