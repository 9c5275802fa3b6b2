package io.asyncio4j.samples;

import io.asyncio4j.samples.seeds.CrawlPage;
import java.util.Arrays;

/**
 * The samples' entry point: {@code java -jar samples/target/asyncio4j-samples.jar [program] [args]}.
 * With no program it runs {@code crawl-page}, the seeds' first asyncio example.
 */
public final class Main {
    private Main() {}

    /**
     * Runs the named sample.
     *
     * @param args the program's name, then its arguments
     */
    public static void main(String[] args) {
        String program = args.length == 0 ? "crawl-page" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (program) {
            case "crawl-page" -> CrawlPage.main(rest);
            default -> {
                System.err.println("unknown program '" + program + "'; available: crawl-page");
                System.exit(2);
            }
        }
    }
}
