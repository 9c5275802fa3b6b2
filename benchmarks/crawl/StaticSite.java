import io.asyncio4j.samples.crawler.demo.DemoSite;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Writes the crawler's demo site as static files for a web server we did not write (nginx):
 * DIR/index.html (page 0), DIR/page/0..N-1, DIR/robots.txt, DIR/sitemap.xml, its absolute links
 * pointing at http://127.0.0.1:PORT/. No redirects (a static site has none); the links to missing
 * pages, private pages and PDFs stay, and answer 404 as on the demo site's server they answer 404
 * or are refused.
 *
 * Run (a single-file program): java -cp samples/target/asyncio4j-samples.jar benchmarks/crawl/StaticSite.java DIR PAGES PORT
 */
public class StaticSite {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int pages = Integer.parseInt(args[1]);
        String root = "http://127.0.0.1:" + Integer.parseInt(args[2]) + "/";
        Files.createDirectories(dir.resolve("page"));
        try (DemoSite site = DemoSite.start(DemoSite.Options.defaults().withPages(pages).withRedirectRate(0)
                .withLatency(Duration.ZERO))) {
            for (int i = 0; i < pages; i++) {
                String html = site.render(i).replace(site.url(), root);
                byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
                Files.write(dir.resolve("page").resolve(Integer.toString(i)), bytes);
                if (i == 0) {
                    Files.write(dir.resolve("index.html"), bytes);
                }
            }
        }
        Files.writeString(dir.resolve("robots.txt"), "User-agent: *\nDisallow: /private/\n\nSitemap: " + root + "sitemap.xml\n");
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        for (int i = 0; i < pages; i++) {
            sb.append("  <url><loc>").append(root).append("page/").append(i).append("</loc></url>\n");
        }
        Files.writeString(dir.resolve("sitemap.xml"), sb.append("</urlset>\n"));
        System.out.println("wrote " + pages + " pages to " + dir);
    }
}
