package io.asyncio4j.samples.hedging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the figures were measured on: they depend on it, and the machine is often shared. */
final class Machine {
    private Machine() {}

    static String describe() {
        String load = "unknown";
        try {
            load = Files.readString(Path.of("/proc/loadavg")).trim().split(" ")[0];
        } catch (IOException | RuntimeException e) {
            // not Linux: leave it unknown
        }
        return "JDK " + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors()
                + " cores, load average at start " + load;
    }
}
