package io.asyncio4j.samples.crawler;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The crawl's JSON Lines file: one writer appends records, each as one complete line. Lines are
 * gathered in memory and written together — when 64 KiB are waiting, when the oldest waited 200 ms,
 * when a worker of the crawl runs out of work, and at {@link #close()} (the end of the crawl, Ctrl-C)
 * — so that a crawl makes a write a batch rather than a write a page. A process killed outright
 * loses at most that last batch (its pages are fetched again by {@code --resume}); the file keeps
 * only whole records but for a torn last line, which {@link #readForResume} cuts before the file is
 * appended to again.
 */
public final class JsonLinesOutput implements AutoCloseable {
    private static final int BATCH_BYTES = 64 * 1024;
    private static final long BATCH_NANOS = 200_000_000;

    private final OutputStream out;
    private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream(BATCH_BYTES + 8192);
    /** When the oldest waiting line came (System.nanoTime). */
    private long pendingSince;

    JsonLinesOutput(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        this.out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }

    /** Appends one record as one line (written with its batch); synchronized so that lines never interleave. */
    synchronized void write(PageResult page) {
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

    /** Writes the waiting lines to the file (to the OS: a crash of the JVM keeps them). */
    synchronized void flush() {
        if (pending.size() == 0) {
            return;
        }
        try {
            pending.writeTo(out);
            pending.reset();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the output file", e);
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
