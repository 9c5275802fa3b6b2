package io.asyncio4j.samples.crawler;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.jspecify.annotations.Nullable;

/**
 * What a sitemap lists (sitemaps.org): the pages of a {@code <urlset>}, the sitemaps of a
 * {@code <sitemapindex>}, or the lines of a text sitemap; gzipped or not (by its first bytes, not by
 * its name). Read as a stream (StAX, no DTD, no external entities), at most {@link #MAX_BYTES}
 * unzipped, the protocol's own limit; what was read before an error is kept, with the error.
 *
 * @param pages the {@code <url><loc>}s (or lines), as written
 * @param sitemaps the {@code <sitemap><loc>}s of an index, as written
 * @param error why the file could not be read to its end, or null
 */
record Sitemap(List<String> pages, List<String> sitemaps, @Nullable String error) {
    /** The protocol's limit for one sitemap, unzipped: 50 MB. */
    static final long MAX_BYTES = 50L * 1024 * 1024;

    private static final XMLInputFactory XML = xmlFactory();

    static Sitemap read(byte[] body) {
        List<String> pages = new ArrayList<>();
        List<String> sitemaps = new ArrayList<>();
        String error = null;
        try (InputStream in = unzipped(body)) {
            in.mark(64);
            int first = in.read();
            for (int k = 0; k < 63 && (first == ' ' || first == '\n' || first == '\r' || first == '\t' || first == 0xEF
                    || first == 0xBB || first == 0xBF); k++) {
                first = in.read(); // white space or a byte-order mark before the first '<'
            }
            in.reset();
            if (first == '<') {
                readXml(in, pages, sitemaps);
            } else {
                readText(in, pages);
            }
        } catch (IOException | XMLStreamException e) {
            error = FetchFailure.describe(e);
        }
        return new Sitemap(List.copyOf(pages), List.copyOf(sitemaps), error);
    }

    private static InputStream unzipped(byte[] body) throws IOException {
        InputStream raw = new ByteArrayInputStream(body);
        boolean gzip = body.length > 2 && (body[0] & 0xff) == 0x1f && (body[1] & 0xff) == 0x8b;
        return new java.io.BufferedInputStream(new Capped(gzip ? new GZIPInputStream(raw, 8192) : raw));
    }

    private static void readXml(InputStream in, List<String> pages, List<String> sitemaps) throws XMLStreamException {
        XMLStreamReader r = XML.createXMLStreamReader(in);
        try {
            String parent = null;
            while (r.hasNext()) {
                int event = r.next();
                if (event != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                String name = r.getLocalName();
                if (name.equals("url") || name.equals("sitemap")) {
                    parent = name;
                } else if (name.equals("loc") && parent != null) {
                    String loc = r.getElementText().strip();
                    if (!loc.isEmpty()) {
                        (parent.equals("url") ? pages : sitemaps).add(loc);
                    }
                    parent = null;
                }
            }
        } finally {
            r.close();
        }
    }

    private static void readText(InputStream in, List<String> pages) throws IOException {
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        for (String line : text.split("\r?\n")) {
            String l = line.strip();
            if (!l.isEmpty()) {
                pages.add(l);
            }
        }
    }

    private static XMLInputFactory xmlFactory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        return f;
    }

    /** Stops at {@link #MAX_BYTES} (a zip bomb ends there) with an error. */
    private static final class Capped extends java.io.FilterInputStream {
        private long left = MAX_BYTES;

        Capped(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                throw new IOException("longer than " + MAX_BYTES / (1024 * 1024) + " MiB unzipped");
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            if (left <= 0) {
                throw new IOException("longer than " + MAX_BYTES / (1024 * 1024) + " MiB unzipped");
            }
            int n = super.read(buf, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }
}
