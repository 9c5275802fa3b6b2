package io.asyncio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Async.subprocess against real programs (sh, cat, head, sleep): pipes, exit codes, timeouts and cancellation. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AsyncProcessTest {
    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static void awaitDeath(long pid) throws Exception {
        ProcessHandle.of(pid).ifPresent(h -> h.onExit().orTimeout(10, TimeUnit.SECONDS).join());
        assertThat(alive(pid)).as("process %d", pid).isFalse();
    }

    @Test
    void hundredMebibytesOfStdout_areReadWithoutDeadlock() {
        long total = Async.run(() -> {
            AsyncProcess p = Async.subprocess("head", "-c", String.valueOf(100L << 20), "/dev/zero");
            long n = 0;
            while (true) {
                byte[] chunk = Async.await(p.stdout().read(1 << 20));
                if (chunk.length == 0) {
                    break;
                }
                n += chunk.length;
            }
            assertThat(Async.await(p.waitFor())).isZero();
            return n;
        });
        assertThat(total).isEqualTo(100L << 20);
    }

    @Test
    void communicate_fillsStdinWhileBothOutputsFill() {
        byte[] input = new byte[8 << 20];
        Arrays.fill(input, (byte) 'x');
        // cat echoes 8 MiB to stdout while we still write; stderr gets 2 MiB: a sequential reader would deadlock
        CompletedProcess done = Async.await(Async.subprocessShell("head -c 2097152 /dev/zero >&2; cat").communicate(input, Duration.ofSeconds(30)));
        assertThat(done.returnCode()).isZero();
        assertThat(done.stdoutBytes()).hasSize(8 << 20);
        assertThat(done.stderrBytes()).hasSize(2 << 20);
    }

    @Test
    void echoChild_interleavesStdinAndStdout() {
        List<String> echoed = Async.run(() -> {
            AsyncProcess cat = Async.subprocess("cat");
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                cat.stdin().write("line " + i + "\n");
                Async.await(cat.stdin().drain());
                got.add(Async.await(cat.stdout().readLine()));
            }
            Async.await(cat.stdin().close());
            Async.await(cat.stdin().close()); // closing twice is harmless
            assertThat(Async.await(cat.stdout().readLine())).isNull();
            assertThat(Async.await(cat.waitFor())).isZero();
            return got;
        });
        assertThat(echoed).hasSize(50).startsWith("line 0", "line 1").endsWith("line 49");
    }

    @Test
    void futures_completeOnTheAskingLoop() {
        Async.run(() -> {
            EventLoop loop = Async.getRunningLoop();
            AsyncProcess p = Async.subprocessShell("echo hi");
            AtomicReference<EventLoop> seen = new AtomicReference<>();
            String line = Async.await(p.stdout().readLine().thenApply(l -> {
                seen.set(Async.getRunningLoop());
                return l;
            }));
            assertThat(line).isEqualTo("hi");
            assertThat(seen.get()).isSameAs(loop);
            Async.await(p.waitFor().thenAccept(c -> seen.set(Async.getRunningLoop())));
            assertThat(seen.get()).isSameAs(loop);
            return null;
        });
    }

    @Test
    void exitCodes_andReturnCode() {
        AsyncProcess p = Async.subprocessShell("read x; exit 3");
        assertThat(p.returnCode()).isNull();
        CompletedProcess done = Async.await(p.communicate("go\n"));
        assertThat(done.returnCode()).isEqualTo(3);
        assertThat(p.returnCode()).isEqualTo(3);
        assertThat(Async.await(Async.subprocess("true").waitFor())).isZero();
        assertThat(Async.await(Async.subprocess("false").waitFor())).isEqualTo(1);
        AsyncProcess merged = Async.subprocess(List.of("sh", "-c", "echo out; echo err >&2"), SubprocessOptions.defaults().stderrToStdout());
        assertThat(Async.await(merged.communicate()).stdout()).isEqualTo("out\nerr\n");
        assertThatThrownBy(merged::stderr).isInstanceOf(IllegalStateException.class).hasMessageContaining("stderr is not a pipe");
        AsyncProcess quiet = Async.subprocess(List.of("sh", "-c", "echo lost"), SubprocessOptions.defaults().stdout(Redirect.DISCARD));
        assertThat(Async.await(quiet.communicate()).stdout()).isEmpty();
    }

    @Test
    void timeout_killsTheProcess() throws Exception {
        AsyncProcess p = Async.subprocess("sleep", "30");
        assertThatThrownBy(() -> Async.await(p.communicate((String) null, Duration.ofMillis(200))))
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(TimeoutException.class);
        awaitDeath(p.pid());
    }

    @Test
    void asyncTimeoutAroundCommunicate_leavesNoProcess() throws Exception {
        AtomicReference<AsyncProcess> started = new AtomicReference<>();
        assertThatThrownBy(() -> Async.run(() -> Async.timeout(Duration.ofMillis(200), () -> {
            AsyncProcess p = Async.subprocess("sleep", "30");
            started.set(p);
            return Async.await(p.communicate());
        }))).hasCauseInstanceOf(TimeoutException.class);
        awaitDeath(started.get().pid());
    }

    @Test
    void cancellingTheAwaitingTask_killsTheProcessAndOptionallyItsDescendants() throws Exception {
        AtomicReference<AsyncProcess> started = new AtomicReference<>();
        Async.run(() -> {
            Task<Integer> t = Async.createTask(() -> {
                AsyncProcess p = Async.subprocess(List.of("sh", "-c", "sleep 30 & echo $!; wait"),
                        SubprocessOptions.defaults().killDescendants(true));
                started.set(p);
                return Async.await(p.waitFor());
            });
            while (started.get() == null) {
                Async.await(Async.sleep(Duration.ofMillis(5)));
            }
            String sleeper = Async.await(started.get().stdout().readLine());
            t.cancel();
            assertThatThrownBy(() -> Async.await(t)).isInstanceOf(java.util.concurrent.CancellationException.class);
            awaitDeath(started.get().pid());
            awaitDeath(Long.parseLong(sleeper.trim()));
            return null;
        });
    }

    @Test
    void badInput_isRefusedClearly() {
        assertThatThrownBy(() -> Async.subprocess("/no/such/program-asyncio4j"))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("/no/such/program-asyncio4j")
                .cause().isInstanceOf(IOException.class).hasMessageContaining("No such file");
        // the same from a task body, where the start runs off the loop
        assertThatThrownBy(() -> Async.run(() -> Async.subprocess("/no/such/program-asyncio4j")))
                .isInstanceOf(UncheckedIOException.class)
                .cause().isInstanceOf(IOException.class).hasMessageContaining("No such file");
        assertThatThrownBy(() -> Async.subprocess()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("command must not be empty");
        assertThatThrownBy(() -> Async.subprocess((String) null)).isInstanceOf(NullPointerException.class).hasMessageContaining("command[0]");
        AsyncProcess p = Async.subprocess(List.of("true"), SubprocessOptions.defaults().stdin(Redirect.INHERIT));
        assertThatThrownBy(p::stdin).isInstanceOf(IllegalStateException.class);
        assertThat(Async.await(p.waitFor())).isZero();
    }

    @Test
    void communicate_outputBeyondTheHeap_failsClearly_andKillsTheProcess() throws Exception {
        // 200 MB into a 64 MB heap: the collecting read runs out of memory on its I/O thread
        assertThat(SmallHeapJvm.report(CommunicateHeapMain.class, "64m")).contains("outcome: failed: io.asyncio4j.LimitOverrunException")
                .contains("did not fit in the heap").contains("SubprocessOptions.maxOutputBytes")
                .contains("child alive: false");
    }

    @Test
    void maxOutputBytes_capsCommunicateReadAllAndReadLine() throws Exception {
        SubprocessOptions capped = SubprocessOptions.defaults().maxOutputBytes(1 << 20);
        AsyncProcess big = Async.subprocess(List.of("head", "-c", "100000000", "/dev/zero"), capped);
        assertThatThrownBy(() -> Async.await(big.communicate()))
                .isInstanceOfSatisfying(LimitOverrunException.class, e -> assertThat(e.consumed()).isGreaterThan(1 << 20))
                .hasMessageContaining("stdout of process " + big.pid())
                .hasMessageContaining("more than 1048576 bytes")
                .hasMessageContaining("maxOutputBytes");
        awaitDeath(big.pid());

        // at the limit exactly is fine
        CompletedProcess fits = Async.await(Async.subprocess(List.of("head", "-c", "1048576", "/dev/zero"), capped).communicate());
        assertThat(fits.stdoutBytes()).hasSize(1 << 20);

        // readAll and readLine alone fail the same way; the process is the caller's to end
        AsyncProcess lines = Async.subprocess(List.of("sh", "-c", "head -c 3000000 /dev/zero | tr '\\0' x; echo; echo short"), capped);
        assertThatThrownBy(() -> Async.await(lines.stdout().readLine())).isInstanceOf(LimitOverrunException.class)
                .hasMessageContaining("line");
        lines.kill();
        assertThatThrownBy(() -> SubprocessOptions.defaults().maxOutputBytes(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxOutputBytes must be > 0, was 0");
    }

    @Test
    void drainAfterTheChildHasGone_failsWithTheBrokenPipe() {
        AsyncProcess p = Async.subprocess("true");
        assertThat(Async.await(p.waitFor())).isZero();
        AsyncProcess.Writer stdin = p.stdin();
        stdin.write(new byte[1 << 20]); // not awaited: the pattern of the Writer's Javadoc
        // Async.await throws a checked exception in a CompletionException
        assertThatThrownBy(() -> Async.await(stdin.drain())).isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(IOException.class).hasMessageContaining("stdin of process " + p.pid() + " is closed");
        // and so does every later write and drain; close stays harmless
        assertThatThrownBy(() -> Async.await(stdin.write("more"))).hasCauseInstanceOf(IOException.class);
        assertThatThrownBy(() -> Async.await(stdin.drain())).hasCauseInstanceOf(IOException.class);
        Async.await(stdin.close());
    }

    @Test
    void linesPublisher_deliversEachLine() {
        AsyncProcess p = Async.subprocessShell("printf 'a\\nb\\nc\\n'");
        CollectingSubscriber<String> sub = new CollectingSubscriber<>(Long.MAX_VALUE);
        p.stdout().lines().subscribe(sub);
        sub.done.orTimeout(10, TimeUnit.SECONDS).join();
        assertThat(sub.items).containsExactly("a", "b", "c");
    }
}
