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
 * Immutable; each method returns a copy. The defaults: all three streams piped.
 *
 * {@snippet :
 * SubprocessOptions quiet = SubprocessOptions.defaults().stderr(Redirect.DISCARD).killDescendants(true);
 * AsyncProcess p = Async.subprocess(List.of("make", "-j4"), quiet);
 * }
 */
public final class SubprocessOptions {
    private static final SubprocessOptions DEFAULTS =
            new SubprocessOptions(Redirect.PIPE, Redirect.PIPE, Redirect.PIPE, false, null, null, false);

    final Redirect stdin;
    final Redirect stdout;
    final Redirect stderr;
    final boolean mergeStderr;
    final @Nullable File directory;
    final @Nullable Map<String, String> environment;
    final boolean killDescendants;

    private SubprocessOptions(Redirect stdin, Redirect stdout, Redirect stderr, boolean mergeStderr,
            @Nullable File directory, @Nullable Map<String, String> environment, boolean killDescendants) {
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
        this.mergeStderr = mergeStderr;
        this.directory = directory;
        this.environment = environment;
        this.killDescendants = killDescendants;
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
        return new SubprocessOptions(redirect, stdout, stderr, mergeStderr, directory, environment, killDescendants);
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
        return new SubprocessOptions(stdin, redirect, stderr, mergeStderr, directory, environment, killDescendants);
    }

    /**
     * Where stderr goes, as for {@link #stdout(Redirect)}.
     *
     * @param redirect the target
     * @return a copy with it
     */
    public SubprocessOptions stderr(Redirect redirect) {
        Checks.notNull(redirect, "redirect");
        return new SubprocessOptions(stdin, stdout, redirect, false, directory, environment, killDescendants);
    }

    /**
     * asyncio's {@code stderr=STDOUT}: stderr goes wherever stdout goes.
     *
     * @return a copy with stderr merged into stdout
     */
    public SubprocessOptions stderrToStdout() {
        return new SubprocessOptions(stdin, stdout, stderr, true, directory, environment, killDescendants);
    }

    /**
     * The working directory of the process.
     *
     * @param directory an existing directory
     * @return a copy with it
     */
    public SubprocessOptions directory(Path directory) {
        Checks.notNull(directory, "directory");
        return new SubprocessOptions(stdin, stdout, stderr, mergeStderr, directory.toFile(), environment, killDescendants);
    }

    /**
     * The whole environment of the process (instead of this JVM's).
     *
     * @param environment variable names to values
     * @return a copy with it
     */
    public SubprocessOptions environment(Map<String, String> environment) {
        Checks.notNull(environment, "environment");
        return new SubprocessOptions(stdin, stdout, stderr, mergeStderr, directory, Map.copyOf(environment), killDescendants);
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
        return new SubprocessOptions(stdin, stdout, stderr, mergeStderr, directory, environment, killDescendants);
    }
}
