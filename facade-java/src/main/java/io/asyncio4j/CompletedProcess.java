package io.asyncio4j;

import java.nio.charset.StandardCharsets;

/**
 * What {@link AsyncProcess#communicate} returns: the exit code and everything the process wrote to its
 * piped stdout and stderr (empty for a stream that was not a pipe).
 *
 * {@snippet :
 * CompletedProcess done = Async.await(Async.subprocess("ls", "-l").communicate());
 * System.out.println(done.returnCode() + "\n" + done.stdout());
 * }
 */
public final class CompletedProcess {
    private final int returnCode;
    private final byte[] stdout;
    private final byte[] stderr;

    CompletedProcess(int returnCode, byte[] stdout, byte[] stderr) {
        this.returnCode = returnCode;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * The exit code (negative never: a process killed by a signal has 128 + the signal's number).
     *
     * @return the exit code
     */
    public int returnCode() {
        return returnCode;
    }

    /**
     * Standard output decoded as UTF-8.
     *
     * @return the text
     */
    public String stdout() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    /**
     * Standard error decoded as UTF-8.
     *
     * @return the text
     */
    public String stderr() {
        return new String(stderr, StandardCharsets.UTF_8);
    }

    /**
     * Standard output as bytes.
     *
     * @return a copy of the bytes
     */
    public byte[] stdoutBytes() {
        return stdout.clone();
    }

    /**
     * Standard error as bytes.
     *
     * @return a copy of the bytes
     */
    public byte[] stderrBytes() {
        return stderr.clone();
    }

    @Override
    public String toString() {
        return "CompletedProcess[returnCode=" + returnCode + ", stdout=" + stdout.length + " bytes, stderr=" + stderr.length + " bytes]";
    }
}
