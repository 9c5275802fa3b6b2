package io.asyncio4j.samples.crawler;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The crawl's JSON Lines file: one writer appends records, each as one complete line. Lines are
 * gathered in memory and written together — when 64 KiB are waiting, when the oldest waited 200 ms,
 * when a worker of the crawl runs out of work, and at {@link #close()} (the end of the crawl, Ctrl-C)
 * — so that a crawl makes a write a batch rather than a write a page. A process killed outright
 * loses at most that last batch (its pages are fetched again by {@code --resume}); the file keeps
 * only whole records but for a torn last line, which {@link #readForResume} cuts before the file is
 * appended to again.
 *
 * <p>A write that fails (a full disk) is cut off the file again and the batch's lines are written
 * one by one up to the first that does not fit; every later write fails the same way, so the file
 * holds the records up to the last complete one and nothing after a gap.
 */
public final class JsonLinesOutput implements AutoCloseable {
    private static final int BATCH_BYTES = 64 * 1024;
    private static final long BATCH_NANOS = 200_000_000;

    private final Path file;
    // A RandomAccessFile, not a FileChannel: a crawl worker cancelled (interrupted) mid-write must not
    // close the file under the other workers, as an interruptible channel would.
    private final RandomAccessFile out;
    private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream(BATCH_BYTES + 8192);
    /** When the oldest waiting line came (System.nanoTime). */
    private long pendingSince;
    /** Where the next record starts: the end of the last complete one (-1 for a pipe). */
    private long end;
    /** The first failed write; every later write fails with it. */
    private IoFailures.@Nullable FileFailure failure;

    JsonLinesOutput(Path file) throws IOException {
        this.file = file;
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        this.out = new RandomAccessFile(file.toFile(), "rw");
        long length;
        try {
            length = out.length();
            out.seek(length);
        } catch (IOException e) {
            length = -1; // a pipe (-o /dev/stdout): no position to append at or to cut back to
        }
        end = length;
    }

    /**
     * Appends one record as one line (written with its batch); synchronized so that lines never interleave.
     *
     * @throws UncheckedIOException if its batch cannot be written, with a message that names the file and
     *     the reason ({@code cannot write pages.jsonl: No space left on device}); the file ends with a whole record
     */
    synchronized void write(PageResult page) {
        if (failure != null) {
            throw new IoFailures.FileFailure("cannot write " + file, failure.getCause());
        }
        byte[] line = (page.toJson() + "\n").getBytes(StandardCharsets.UTF_8);
        long now = System.nanoTime();
        if (pending.size() == 0) {
            pendingSince = now;
        }
        pending.write(line, 0, line.length);
        if (pending.size() >= BATCH_BYTES || now - pendingSince >= BATCH_NANOS) {
            flush();
        }
    }

    /**
     * Writes the waiting lines to the file (to the OS: a crash of the JVM keeps them).
     *
     * @throws UncheckedIOException as {@link #write} does
     */
    synchronized void flush() {
        if (pending.size() == 0) {
            return;
        }
        if (failure != null) {
            throw new IoFailures.FileFailure("cannot write " + file, failure.getCause());
        }
        byte[] batch = pending.toByteArray();
        pending.reset();
        try {
            append(batch, 0, batch.length);
        } catch (IOException e) {
            cutBack();
            IOException stop = end < 0 ? e : salvage(batch);
            if (stop != null) {
                failure = new IoFailures.FileFailure("cannot write " + file, stop);
                throw failure;
            }
        }
    }

    private void append(byte[] bytes, int from, int to) throws IOException {
        out.write(bytes, from, to - from);
        if (end >= 0) {
            end += to - from;
        }
    }

    /**
     * After a failed batch: its lines one by one, as many as fit (a line that does not is cut off again).
     *
     * @return the failure that stopped it, or null if they all fitted this time
     */
    private @Nullable IOException salvage(byte[] batch) {
        int from = 0;
        while (from < batch.length) {
            int to = from;
            while (batch[to] != '\n') { // every line of the batch ends with one
                to++;
            }
            try {
                append(batch, from, to + 1);
            } catch (IOException e) {
                cutBack();
                return e;
            }
            from = to + 1;
        }
        return null;
    }

    /** After a failed write: the part that was written goes, so the file ends with a whole record. */
    private void cutBack() {
        if (end < 0) {
            return;
        }
        try {
            if (out.length() > end) {
                out.setLength(end);
            }
            out.seek(end);
        } catch (IOException e) {
            // not a regular file (a device), or the disk fails further: readForResume cuts a torn line anyway
        }
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            flush();
        } finally {
            out.close();
        }
    }

    /**
     * Reads the records of an earlier run; a last line without its newline (torn by a kill) is cut
     * off the file, so that the next record starts on a line of its own.
     *
     * @param file the earlier output; missing means none
     * @return its records, in order
     */
    public static List<PageResult> readForResume(Path file) throws IOException {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        int end = all.length;
        while (end > 0 && all[end - 1] != '\n') {
            end--;
        }
        if (end < all.length) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(end);
            }
        }
        List<PageResult> pages = new ArrayList<>();
        for (String line : new String(all, 0, end, StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                pages.add(PageResult.fromJson(line));
            }
        }
        return pages;
    }

    /** What {@link #merge} did: records written, and records dropped because their URL came earlier. */
    public record Merged(long records, long duplicates) {}

    /**
     * Merges the files of a cluster's nodes into {@code into}, each URL once: the first record of a
     * URL wins (a URL has two records only if it was in flight on a node that died after writing it).
     */
    public static Merged merge(List<Path> files, Path into) throws IOException {
        java.util.Set<String> urls = new java.util.HashSet<>();
        long records = 0;
        long duplicates = 0;
        Files.deleteIfExists(into);
        try (JsonLinesOutput out = new JsonLinesOutput(into)) {
            for (Path f : files) {
                for (PageResult p : readForResume(f)) {
                    if (urls.add(p.url())) {
                        out.write(p);
                        records++;
                    } else {
                        duplicates++;
                    }
                }
            }
        }
        return new Merged(records, duplicates);
    }
}
