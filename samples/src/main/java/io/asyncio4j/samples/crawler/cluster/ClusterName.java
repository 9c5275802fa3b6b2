package io.asyncio4j.samples.crawler.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The name of a crawl's cluster: Hazelcast admits only members that give the same name, so two
 * crawls whose nodes reach each other's ports by mistake (a new crawl started while an old one
 * runs, a {@code --join} list copied from another deployment) stay apart. It is a label that keeps
 * unrelated deployments apart, not a secret: member authentication is the event bus's TLS
 * ({@link ClusterTls}).
 *
 * <p>A node started with no {@code --join} and no {@code --cluster-name} generates a name (64 random
 * bits, so two crawls never draw the same one) and, once it is in the cluster, leaves it in a file
 * named for its address in a directory of the user's own ({@link #directory()}). A node started with
 * {@code --join} and no name reads it from the file of a member it joins: on one machine the nodes
 * of a crawl find one another's name with nothing to pass. On other machines, or when every node has
 * a {@code --join}, give every node the same {@code --cluster-name} (or {@code ASYNCIO4J_CLUSTER_NAME}).
 */
final class ClusterName {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ClusterName() {}

    /** @return a new name, {@code crawl-} and 16 hex digits */
    static String generate() {
        byte[] bits = new byte[8];
        RANDOM.nextBytes(bits);
        return "crawl-" + HexFormat.of().formatHex(bits);
    }

    /**
     * @param name a name given by the user
     * @return {@code name}, if it is 1 to 64 letters, digits, dots, dashes or underscores
     * @throws IllegalArgumentException if it is not
     */
    static String check(String name) {
        if (!VALID.matcher(name).matches()) {
            throw new IllegalArgumentException("--cluster-name must be 1 to 64 letters, digits, '.', '-' or '_' "
                    + "(starting with a letter or digit), was '" + name + "'");
        }
        return name;
    }

    /**
     * The directory the names are left in: {@code <java.io.tmpdir>/asyncio4j-<user>}, the user's alone
     * (mode 700 where the file system has POSIX permissions).
     */
    static Path directory() {
        String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
        return Path.of(System.getProperty("java.io.tmpdir"), "asyncio4j-" + user);
    }

    /** The file that holds the name of the cluster of the member at {@code hostPort} ("host:port"). */
    static Path file(Path directory, String hostPort) {
        return directory.resolve("cluster-" + hostPort.replaceAll("[^A-Za-z0-9.]", "_") + ".name");
    }

    /**
     * Leaves {@code name} for the nodes of this machine that join {@code hostPort}: written to a
     * temporary file and moved into place, so that a reader never sees half a name.
     *
     * @throws IOException if the directory or the file cannot be written
     */
    static void publish(Path directory, String hostPort, String name) throws IOException {
        ensurePrivate(directory);
        Path target = file(directory, hostPort);
        Path tmp = Files.createTempFile(directory, "cluster-", ".tmp");
        try {
            Files.writeString(tmp, name + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Removes the file {@link #publish} wrote, if it still holds {@code name} (a later node may have replaced it). */
    static void withdraw(Path directory, String hostPort, String name) {
        Path f = file(directory, hostPort);
        try {
            if (name.equals(read(f))) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            // the file goes with the temporary directory; a later first node replaces it
        }
    }

    /**
     * The name left by the first of {@code members} that left one, waiting up to {@code waitMillis}
     * for a first node that is still starting.
     *
     * @return the name, or null if none was found in time
     */
    static @Nullable String find(Path directory, List<String> members, long waitMillis) throws InterruptedException {
        long deadline = System.nanoTime() + waitMillis * 1_000_000;
        while (true) {
            for (String m : members) {
                try {
                    String name = readPrivate(directory, file(directory, m));
                    if (name != null) {
                        return name;
                    }
                } catch (IOException e) {
                    // unreadable: as if absent
                }
            }
            if (System.nanoTime() - deadline >= 0) {
                return null;
            }
            Thread.sleep(200);
        }
    }

    /** The name in {@code f}, if the directory is the user's alone and the name is well formed; else null. */
    private static @Nullable String readPrivate(Path directory, Path f) throws IOException {
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS) || !isPrivate(directory)) {
            return null; // another user's (or a link to one): a name from it could lead this node into their cluster
        }
        String name = read(f);
        return name != null && VALID.matcher(name).matches() ? name : null;
    }

    private static @Nullable String read(Path f) throws IOException {
        try {
            return Files.readString(f, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static void ensurePrivate(Path directory) throws IOException {
        boolean posix = Files.getFileAttributeView(directory.getParent(), PosixFileAttributeView.class) != null;
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            if (posix) {
                Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectory(directory);
            }
        }
        if (!isPrivate(directory)) {
            throw new IOException(directory + " is not this user's alone (owner or permissions): the cluster's name is not "
                    + "left there; give the other nodes --cluster-name");
        }
    }

    private static boolean isPrivate(Path directory) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(directory, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (view == null) {
            return true; // no POSIX permissions (Windows): the temporary directory is per user there
        }
        var attributes = view.readAttributes();
        Set<PosixFilePermission> perms = attributes.permissions();
        return attributes.owner().getName().equals(System.getProperty("user.name"))
                && !perms.contains(PosixFilePermission.GROUP_WRITE) && !perms.contains(PosixFilePermission.OTHERS_WRITE);
    }
}
