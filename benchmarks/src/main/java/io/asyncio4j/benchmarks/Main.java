package io.asyncio4j.benchmarks;

import io.asyncio4j.benchmarks.compare.Child;
import io.asyncio4j.benchmarks.compare.Compare;
import io.asyncio4j.benchmarks.echo.EchoCompare;
import io.asyncio4j.benchmarks.echo.EchoLoadClient;
import io.asyncio4j.benchmarks.echo.EchoServers;
import java.util.Arrays;

/**
 * Entry point of benchmarks.jar.
 *
 * <ul>
 *   <li>{@code java -jar benchmarks.jar compare [options]}: the peer comparison ({@link Compare});</li>
 *   <li>{@code java -jar benchmarks.jar child <workload> <impl> [key=value...]}: one measured run
 *       ({@link Child}), what {@code compare} starts in each fresh JVM;</li>
 *   <li>{@code java -jar benchmarks.jar echo [options]}: benchmark W8, echo servers ({@link EchoCompare}), with
 *       {@code echo-server <impl>} and {@code echo-client ...} the processes it starts;</li>
 *   <li>{@code java -jar benchmarks.jar w7 [options]}: benchmark W7, worker pools and subprocesses
 *       ({@link io.asyncio4j.benchmarks.workers.W7});</li>
 *   <li>{@code java -jar benchmarks.jar w5 [options]}: workload W5, asyncio4j on Vert.x against raw
 *       Vert.x ({@link io.asyncio4j.benchmarks.vertx.W5}), each run in a fresh JVM;</li>
 *   <li>{@code java -jar benchmarks.jar soak [--minutes 10 | --seconds N] [--out FILE]}: mixed load against the
 *       public API with a report of operations, faults, lost items, hung calls and resources
 *       ({@link io.asyncio4j.benchmarks.soak.Soak});</li>
 *   <li>anything else goes to JMH, e.g. {@code java -jar benchmarks.jar QueueBenchmark -f 1 -wi 3 -i 5},
 *       or {@code -l} to list the benchmarks.</li>
 * </ul>
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Throwable {
        if (args.length > 0 && args[0].equals("compare")) {
            Compare.main(Arrays.copyOfRange(args, 1, args.length));
        } else if (args.length > 0 && args[0].equals("w7")) {
            io.asyncio4j.benchmarks.workers.W7.main(Arrays.copyOfRange(args, 1, args.length));
        } else if (args.length > 0 && args[0].equals("w5")) {
            io.asyncio4j.benchmarks.vertx.W5.main(Arrays.copyOfRange(args, 1, args.length));
        } else if (args.length > 0 && args[0].equals("soak")) {
            io.asyncio4j.benchmarks.soak.Soak.main(Arrays.copyOfRange(args, 1, args.length));
        } else if (args.length > 0 && args[0].equals("child")) {
            Child.main(Arrays.copyOfRange(args, 1, args.length));
        } else if (args.length > 0 && args[0].equals("echo")) {
            EchoCompare.main(Arrays.copyOfRange(args, 1, args.length));
        } else if (args.length > 0 && args[0].equals("echo-server")) {
            EchoServers.main(Arrays.copyOfRange(args, 1, args.length));
        } else if (args.length > 0 && args[0].equals("echo-client")) {
            EchoLoadClient.main(Arrays.copyOfRange(args, 1, args.length));
        } else {
            org.openjdk.jmh.Main.main(args);
        }
    }
}
