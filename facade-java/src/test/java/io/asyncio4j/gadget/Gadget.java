package io.asyncio4j.gadget;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A stand-in for a deserialization gadget: a serializable class whose {@code readObject} does
 * something of its own — it appends a line to a marker file. A process that reads it back ran its
 * code; a filter that refuses it leaves no marker. Outside the tests' package on purpose: the default
 * allow-lists let in the package of the code that submits a job or creates a shared object.
 */
public final class Gadget implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String marker;

    /**
     * A gadget that marks {@code marker} when it is read back.
     *
     * @param marker the file to append to
     */
    public Gadget(String marker) {
        this.marker = marker;
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        Files.writeString(Path.of(marker), "read back in process " + ProcessHandle.current().pid() + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Override
    public String toString() {
        return "Gadget[" + marker + "]";
    }
}
