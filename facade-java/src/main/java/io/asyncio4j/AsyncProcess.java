package io.asyncio4j;

import io.asyncio4j.engine.ProcessReader;
import io.asyncio4j.engine.ProcessWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import org.jspecify.annotations.Nullable;

/**
 * A child process started by {@link Async#subprocess}: asyncio's {@code asyncio.subprocess.Process}.
 * Its piped streams are {@link Reader}s and a {@link Writer} whose calls return futures; every future
 * completes on the loop that asked (when asked from a task), and may be awaited from a task or a
 * plain thread.
 *
 * <p><b>Cancellation.</b> Cancelling the future of {@link #waitFor()} or {@link #communicate} — which
 * is what happens when the task awaiting it is cancelled or its {@link Async#timeout} expires —
 * kills the process (and its descendants with {@link SubprocessOptions#killDescendants}), so no
 * process is left behind.
 *
 * <p><b>Cost.</b> The JDK offers only blocking pipes for processes, so each pending read or write
 * runs on a thread of its own while it blocks: a virtual thread on JDK 21+ (cheap), a pooled platform
 * thread on JDK 17 (about one per busy stream). A stream with nothing pending holds no thread;
 * {@link #waitFor()} holds none (the JDK's process reaper completes it).
 *
 * {@snippet :
 * Async.run(() -> {
 *     AsyncProcess p = Async.subprocess("sort");
 *     CompletedProcess done = Async.await(p.communicate("b\na\n", Duration.ofSeconds(5)));
 *     System.out.print(done.stdout());          // a, b
 *     return done.returnCode();
 * });
 * }
 */
public final class AsyncProcess {
    private final io.asyncio4j.engine.AsyncProcess core;
    private final @Nullable Writer stdin;
    private final @Nullable Reader stdout;
    private final @Nullable Reader stderr;

    AsyncProcess(io.asyncio4j.engine.AsyncProcess core) {
        this.core = core;
        ProcessWriter in = core.getStdin();
        ProcessReader out = core.getStdout();
        ProcessReader err = core.getStderr();
        this.stdin = in == null ? null : new Writer(in);
        this.stdout = out == null ? null : new Reader(out, "stdout");
        this.stderr = err == null ? null : new Reader(err, "stderr");
    }

    /**
     * The process id.
     *
     * @return the pid
     */
    public long pid() {
        return core.getPid();
    }

    /**
     * asyncio's {@code returncode}: the exit code once the process has ended, else null.
     *
     * @return the exit code or null
     */
    public @Nullable Integer returnCode() {
        return core.returnCode();
    }

    /**
     * asyncio's {@code wait()}: the exit code when the process ends. Cancelling the future kills the
     * process. Beware of pipes: a child writing more than a pipe holds to a stdout nobody reads never
     * ends; use {@link #communicate} then.
     *
     * @return the exit code
     */
    public CompletableFuture<Integer> waitFor() {
        return core.waitFor();
    }

    /**
     * The writer of the process's stdin.
     *
     * @return the writer
     * @throws IllegalStateException if stdin is not a pipe
     */
    public Writer stdin() {
        if (stdin == null) {
            throw new IllegalStateException("stdin is not a pipe (SubprocessOptions.stdin(Redirect.PIPE))");
        }
        return stdin;
    }

    /**
     * The reader of the process's stdout.
     *
     * @return the reader
     * @throws IllegalStateException if stdout is not a pipe
     */
    public Reader stdout() {
        if (stdout == null) {
            throw new IllegalStateException("stdout is not a pipe (SubprocessOptions.stdout(Redirect.PIPE))");
        }
        return stdout;
    }

    /**
     * The reader of the process's stderr.
     *
     * @return the reader
     * @throws IllegalStateException if stderr is not a pipe (or is merged into stdout)
     */
    public Reader stderr() {
        if (stderr == null) {
            throw new IllegalStateException("stderr is not a pipe (SubprocessOptions.stderr(Redirect.PIPE))");
        }
        return stderr;
    }

    /**
     * {@code communicate()} with no input and no time limit.
     *
     * @return the exit code and the output
     */
    public CompletableFuture<CompletedProcess> communicate() {
        return communicate((byte[]) null, null);
    }

    /**
     * {@code communicate(input)}: {@code input} encoded as UTF-8.
     *
     * @param input what to write to stdin before closing it, or null
     * @return the exit code and the output
     */
    public CompletableFuture<CompletedProcess> communicate(@Nullable String input) {
        return communicate(input == null ? null : input.getBytes(StandardCharsets.UTF_8), null);
    }

    /**
     * As {@link #communicate(byte[], Duration)}, with {@code input} encoded as UTF-8.
     *
     * @param input what to write to stdin before closing it, or null
     * @param timeout how long the process may take, or null for no limit
     * @return the exit code and the output
     */
    public CompletableFuture<CompletedProcess> communicate(@Nullable String input, @Nullable Duration timeout) {
        return communicate(input == null ? null : input.getBytes(StandardCharsets.UTF_8), timeout);
    }

    /**
     * asyncio's {@code communicate(input)}: writes {@code input} to stdin (if it is a pipe) and closes
     * it, while reading stdout and stderr (if pipes) to their end at the same time, so a child that
     * fills one pipe while we fill the other cannot deadlock; then waits for the exit. After
     * {@code timeout} the process is killed and the future fails with
     * {@link java.util.concurrent.TimeoutException}. Cancelling the future kills the process. Output
     * beyond {@link SubprocessOptions#maxOutputBytes} — or, without that limit, beyond what the heap
     * holds — kills the process and fails the future with {@link LimitOverrunException} at once.
     *
     * @param input bytes for stdin, or null
     * @param timeout how long the process may take, or null for no limit
     * @return the exit code and the output
     */
    public CompletableFuture<CompletedProcess> communicate(byte @Nullable [] input, @Nullable Duration timeout) {
        long nanos = timeout == null ? -1 : Checks.nanos(timeout, "timeout");
        return core.communicate(input, nanos,
                c -> new CompletedProcess(c.getReturnCode(), c.getStdout(), c.getStderr()));
    }

    /** SIGTERM: asks the process to end (and its descendants, with {@link SubprocessOptions#killDescendants}). */
    public void terminate() {
        core.terminate();
    }

    /** SIGKILL: ends the process at once (and its descendants, with {@link SubprocessOptions#killDescendants}). */
    public void kill() {
        core.kill();
    }

    @Override
    public String toString() {
        Integer code = returnCode();
        return "AsyncProcess[pid=" + pid() + (code == null ? ", running]" : ", returnCode=" + code + "]");
    }

    /**
     * A piped output stream of the process (stdout or stderr): asyncio's {@code StreamReader}. Calls
     * are served in the order they are made; a read whose future is cancelled before it is
     * delivered gives its bytes back to the next read.
     *
     * {@snippet :
     * String line;
     * while ((line = Async.await(p.stdout().readLine())) != null) {
     *     System.out.println("child says " + line);
     * }
     * }
     */
    public static final class Reader {
        private final ProcessReader core;
        private final String name;

        Reader(ProcessReader core, String name) {
            this.core = core;
            this.name = name;
        }

        /**
         * {@code readline()}: the next line, UTF-8, without its terminator.
         *
         * @return the line, or null at end of stream; fails with {@link LimitOverrunException} for a line
         *     longer than {@link SubprocessOptions#maxOutputBytes} (its bytes are dropped, as asyncio's are)
         */
        public CompletableFuture<@Nullable String> readLine() {
            return core.readLine();
        }

        /**
         * {@code read(n)}: up to {@code n} bytes, as soon as some are available.
         *
         * @param n the most bytes to return, at least 0
         * @return the bytes; empty at end of stream
         */
        public CompletableFuture<byte[]> read(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("n must be >= 0, was " + n);
            }
            return core.read(n);
        }

        /**
         * {@code read()}: everything until end of stream.
         *
         * @return the bytes; fails with {@link LimitOverrunException} beyond
         *     {@link SubprocessOptions#maxOutputBytes} or the heap (what was read is dropped)
         */
        public CompletableFuture<byte[]> readAll() {
            return core.readAll();
        }

        /**
         * The lines as a publisher with backpressure: a line is read only when requested.
         *
         * @return a publisher that completes at end of stream
         */
        public Flow.Publisher<String> lines() {
            return core.lines();
        }

        @Override
        public String toString() {
            return "AsyncProcess.Reader[" + name + "]";
        }
    }

    /**
     * The process's piped stdin: asyncio's {@code StreamWriter}. Writes happen in call order.
     *
     * {@snippet :
     * p.stdin().write("hello\n");
     * Async.await(p.stdin().drain());
     * Async.await(p.stdin().close());
     * }
     */
    public static final class Writer {
        private final ProcessWriter core;

        Writer(ProcessWriter core) {
            this.core = core;
        }

        /**
         * Queues {@code bytes} for stdin.
         *
         * @param bytes what to write (copied)
         * @return completes once written to the pipe; fails if the process has closed its stdin
         * @throws IllegalStateException if stdin was closed
         */
        public CompletableFuture<@Nullable Void> write(byte[] bytes) {
            Checks.notNull(bytes, "bytes");
            return core.write(bytes).thenApply(u -> null);
        }

        /**
         * Queues {@code text} as UTF-8.
         *
         * @param text what to write
         * @return completes once written to the pipe
         * @throws IllegalStateException if stdin was closed
         */
        public CompletableFuture<@Nullable Void> write(String text) {
            Checks.notNull(text, "text");
            return write(text.getBytes(StandardCharsets.UTF_8));
        }

        /**
         * {@code drain()}: completes once every write queued before it has reached the pipe. Once a write
         * has failed — the process exited or closed its stdin: a broken pipe — {@code drain} fails with
         * that {@link java.io.IOException}, as do later writes (asyncio's {@code drain} raises
         * {@code BrokenPipeError}), so a write whose future nobody looked at is not lost silently.
         *
         * @return the signal; fails with the {@code IOException} of a failed write
         */
        public CompletableFuture<@Nullable Void> drain() {
            return core.drain().thenApply(u -> null);
        }

        /**
         * Closes stdin after the queued writes, so the process sees end of input. Closing twice is harmless.
         *
         * @return completes once closed
         */
        public CompletableFuture<@Nullable Void> close() {
            return core.close().thenApply(u -> null);
        }
    }
}
