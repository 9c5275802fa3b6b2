package io.asyncio4j;

import java.io.File;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How {@link Async#subprocess(java.util.List, SubprocessOptions)} starts a process: where its
 * stdin/stdout/stderr go (asyncio's {@code PIPE}, {@code DEVNULL}, a file, or inherited, as JDK
 * {@link Redirect}s), its directory and environment, and whether killing it kills its descendants.
 * Immutable; each method returns a copy. The defaults: all three streams piped, no output limit.
 *
 * {@snippet :
 * SubprocessOptions quiet = SubprocessOptions.defaults().stderr(Redirect.DISCARD).killDescendants(true);
 * AsyncProcess p = Async.subprocess(List.of("make", "-j4"), quiet);
 * }
 */
public final class SubprocessOptions {
    private static final SubprocessOptions DEFAULTS =
            new SubprocessOptions(Redirect.PIPE, Redirect.PIPE, Redirect.PIPE, false, null, null, false, Integer.MAX_VALUE);

    final Redirect stdin;
    final Redirect stdout;
    final Redirect stderr;
    final boolean mergeStderr;
    final @Nullable File directory;
    final @Nullable Map<String, String> environment;
    final boolean killDescendants;
    final int maxOutputBytes;

    private SubprocessOptions(Redirect stdin, Redirect stdout, Redirect stderr, boolean mergeStderr,
            @Nullable File directory, @Nullable Map<String, String> environment, boolean killDescendants, int maxOutputBytes) {
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
        this.mergeStderr = mergeStderr;
        this.directory = directory;
        this.environment = environment;
        this.killDescendants = killDescendants;
        this.maxOutputBytes = maxOutputBytes;
    }

    /**
     * stdin, stdout and stderr piped; this JVM's directory and environment.
     *
     * @return the defaults
     */
    public static SubprocessOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Where stdin comes from: {@code Redirect.PIPE} (then {@link AsyncProcess#stdin()} writes to it),
     * {@code Redirect.INHERIT}, {@code Redirect.from(file)}.
     *
     * @param redirect the source
     * @return a copy with it
     */
    public SubprocessOptions stdin(Redirect redirect) {
        Checks.notNull(redirect, "redirect");
        return new SubprocessOptions(redirect, stdout, stderr, mergeStderr, directory, environment, killDescendants, maxOutputBytes);
    }

    /**
     * Where stdout goes: {@code Redirect.PIPE}, {@code Redirect.DISCARD}, {@code Redirect.INHERIT},
     * {@code Redirect.to(file)}, {@code Redirect.appendTo(file)}.
     *
     * @param redirect the target
     * @return a copy with it
     */
    public SubprocessOptions stdout(Redirect redirect) {
        Checks.notNull(redirect, "redirect");
        return new SubprocessOptions(stdin, redirect, stderr, mergeStderr, directory, environment, killDescendants, maxOutputBytes);
    }

    /**
     * Where stderr goes, as for {@link #stdout(Redirect)}.
     *
     * @param redirect the target
     * @return a copy with it
     */
    public SubprocessOptions stderr(Redirect redirect) {
        Checks.notNull(redirect, "redirect");
        return new SubprocessOptions(stdin, stdout, redirect, false, directory, environment, killDescendants, maxOutputBytes);
    }

    /**
     * asyncio's {@code stderr=STDOUT}: stderr goes wherever stdout goes.
     *
     * @return a copy with stderr merged into stdout
     */
    public SubprocessOptions stderrToStdout() {
        return new SubprocessOptions(stdin, stdout, stderr, true, directory, environment, killDescendants, maxOutputBytes);
    }

    /**
     * The working directory of the process.
     *
     * @param directory an existing directory
     * @return a copy with it
     */
    public SubprocessOptions directory(Path directory) {
        Checks.notNull(directory, "directory");
        return new SubprocessOptions(stdin, stdout, stderr, mergeStderr, directory.toFile(), environment, killDescendants, maxOutputBytes);
    }

    /**
     * The whole environment of the process (instead of this JVM's).
     *
     * @param environment variable names to values
     * @return a copy with it
     */
    public SubprocessOptions environment(Map<String, String> environment) {
        Checks.notNull(environment, "environment");
        return new SubprocessOptions(stdin, stdout, stderr, mergeStderr, directory, Map.copyOf(environment), killDescendants, maxOutputBytes);
    }

    /**
     * Whether {@link AsyncProcess#kill()}, {@link AsyncProcess#terminate()} and the kill on
     * cancellation or timeout also reach the process's descendants (through
     * {@link ProcessHandle#descendants()}, at the moment of the kill).
     *
     * @param killDescendants true to kill the whole tree
     * @return a copy with it
     */
    public SubprocessOptions killDescendants(boolean killDescendants) {
        return new SubprocessOptions(stdin, stdout, stderr, mergeStderr, directory, environment, killDescendants, maxOutputBytes);
    }

    /**
     * The most bytes one read of stdout or stderr collects: {@link AsyncProcess#communicate()} and
     * {@link AsyncProcess.Reader#readAll()} hold at most this much of each stream, and
     * {@link AsyncProcess.Reader#readLine()} no longer a line. Beyond it the read fails with
     * {@link LimitOverrunException} and drops what it read; {@code communicate} also kills the process
     * (and its descendants with {@link #killDescendants}), which could otherwise block for ever writing
     * to a pipe nobody reads. Without a limit (the default) the heap is the limit: output that does not
     * fit fails the same way, naming the {@link OutOfMemoryError} as the cause, instead of hanging.
     *
     * {@snippet class=io.asyncio4j.Snippets region=maxOutputBytes}
     *
     * @param maxOutputBytes the cap in bytes per stream and read, {@code > 0}
     * @return a copy with it
     */
    public SubprocessOptions maxOutputBytes(int maxOutputBytes) {
        if (maxOutputBytes <= 0) {
            throw new IllegalArgumentException("maxOutputBytes must be > 0, was " + maxOutputBytes);
        }
        return new SubprocessOptions(stdin, stdout, stderr, mergeStderr, directory, environment, killDescendants, maxOutputBytes);
    }
}
