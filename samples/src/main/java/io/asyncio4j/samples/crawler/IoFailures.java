package io.asyncio4j.samples.crawler;

import io.asyncio4j.TaskGroupException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.jspecify.annotations.Nullable;

/**
 * File failures said in one line, for a user at a terminal: the reason the system gave ({@code No
 * space left on device}, {@code Permission denied}), not a stack trace.
 */
public final class IoFailures {
    private IoFailures() {}

    /** A file of the crawl that cannot be read or written; the message names it and says why, in one line. */
    public static final class FileFailure extends UncheckedIOException {
        private static final long serialVersionUID = 1L;

        /**
         * @param what what could not be done, naming the file ({@code cannot write pages.jsonl})
         * @param cause the failure; its {@link #reason} ends the message
         */
        public FileFailure(String what, IOException cause) {
            super(what + ": " + reason(cause), cause);
        }
    }

    /** The system's reason for {@code e}, without the file name the caller says itself. */
    public static String reason(IOException e) {
        if (e instanceof java.nio.file.NotDirectoryException) {
            return "Not a directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof FileAlreadyExistsException f) {
            return f.getFile() + " is in the way (a file where a directory should be)"; // from createDirectories
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        int open = m.lastIndexOf(" (");
        if (e instanceof FileNotFoundException && open > 0 && m.endsWith(")")) {
            return m.substring(open + 2, m.length() - 1); // "path (Permission denied)"
        }
        return m;
    }

    /**
     * The file failure that made {@code e} happen — {@code e} itself, a cause, or the first one among
     * a task group's failures (each crawl worker that tried to write failed the same way) — or null.
     */
    public static @Nullable FileFailure find(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof FileFailure f) {
                return f;
            }
            if (t instanceof TaskGroupException g) {
                for (Throwable x : g.exceptions()) {
                    FileFailure u = find(x);
                    if (u != null) {
                        return u;
                    }
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
