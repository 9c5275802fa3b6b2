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
 * The crawl's JSON Lines file: one writer appends records, each as one complete line in one write,
 * before the next, so that an interrupted crawl leaves a file whose every line is a whole record.
 * A write that fails (a full disk) is cut off the file again, and every later write fails the same
 * way, so the file holds the records up to the last complete one and nothing after a gap.
 * {@link #readForResume} reads such a file back and cuts a torn last line (left by a killed
 * process) before the file is appended to again.
 */
final class JsonLinesOutput implements AutoCloseable {
    private final Path file;
    // A RandomAccessFile, not a FileChannel: a crawl worker cancelled (interrupted) mid-write must not
    // close the file under the other workers, as an interruptible channel would.
    private final RandomAccessFile out;
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
     * Appends one record as one line; synchronized so that lines never interleave.
     *
     * @throws UncheckedIOException if it cannot be written, with a message that names the file and the
     *     reason ({@code cannot write pages.jsonl: No space left on device}); the file is as it was
     */
    synchronized void write(PageResult page) {
        if (failure != null) {
            throw new IoFailures.FileFailure("cannot write " + file, failure.getCause());
        }
        byte[] line = (page.toJson() + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            out.write(line);
            if (end >= 0) {
                end += line.length;
            }
        } catch (IOException e) {
            failure = new IoFailures.FileFailure("cannot write " + file, e);
            cutBack();
            throw failure;
        }
    }

    /** After a failed write: the part of the line that was written goes, so the file ends with a whole record. */
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
        out.close();
    }

    /**
     * Reads the records of an earlier run; a last line without its newline (torn by a kill) is cut
     * off the file, so that the next record starts on a line of its own.
     *
     * @param file the earlier output; missing means none
     * @return its records, in order
     */
    static List<PageResult> readForResume(Path file) throws IOException {
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
    record Merged(long records, long duplicates) {}

    /**
     * Merges the files of a cluster's nodes into {@code into}, each URL once: the first record of a
     * URL wins (a URL has two records only if it was in flight on a node that died after writing it).
     */
    static Merged merge(List<Path> files, Path into) throws IOException {
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
