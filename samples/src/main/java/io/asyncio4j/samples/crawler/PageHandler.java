package io.asyncio4j.samples.crawler;

/**
 * Receives each {@link PageResult} as the crawl records it, on the crawl's event loop (one at a time,
 * in the order the records are written). Keep it short: it holds the loop while it runs. An exception
 * it throws is reported on stderr and the crawl goes on.
 *
 * {@snippet :
 * new Crawler(config, page -> System.out.println(page.status() + " " + page.url())).crawl();
 * }
 */
@FunctionalInterface
public interface PageHandler {
    /** @param page the record just written */
    void onPage(PageResult page);
}
