"""W6 peer: a crawler in Python's standard library only (asyncio streams + html.parser).

N workers share an asyncio.Queue frontier; each worker keeps one HTTP/1.1 keep-alive connection.
Same work as the others: GET, parse the HTML, follow same-host http links, stop at max_pages URLs.
Prints one line: pages=<n> failed=<n> seconds=<s>.
Run: /usr/bin/python3 w6_stdlib_crawler.py http://127.0.0.1:8080/ 100 10000
"""
import asyncio
import sys
import time
from html.parser import HTMLParser
from urllib.parse import urljoin, urldefrag, urlsplit


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []
        self.title = None
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            for k, v in attrs:
                if k == "href" and v:
                    self.hrefs.append(v)
        elif tag == "title":
            self._in_title = True

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title = (self.title or "") + data


def new_links(url, html, host, seen, max_pages):
    """The same-host http(s) links of a page not seen before, up to max_pages URLs in all; marks them seen."""
    p = Links()
    p.feed(html)
    out = []
    for href in p.hrefs:
        link = urldefrag(urljoin(url, href))[0]
        lp = urlsplit(link)
        if lp.scheme in ("http", "https") and lp.hostname == host and len(seen) < max_pages and link not in seen:
            seen.add(link)
            out.append(link)
    return out


async def run_workers(worker, concurrency, queue):
    """Starts the workers, waits until every queued URL is done, stops them; returns the seconds taken."""
    t0 = time.perf_counter()
    workers = [asyncio.create_task(worker()) for _ in range(concurrency)]
    await queue.join()
    secs = time.perf_counter() - t0
    for w in workers:
        w.cancel()
    return secs


async def fetch(conn, host, port, path):
    """One GET on a keep-alive connection; returns (status, content_type, body) and the connection to reuse."""
    if conn is None:
        conn = await asyncio.open_connection(host, port)
    reader, writer = conn
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUser-Agent: w6-stdlib\r\n\r\n".encode())
    await writer.drain()
    status_line = await reader.readline()
    status = int(status_line.split()[1])
    length, ctype, close = 0, "", False
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        k, _, v = line.decode("latin-1").partition(":")
        k = k.strip().lower()
        if k == "content-length":
            length = int(v)
        elif k == "content-type":
            ctype = v.strip()
        elif k == "connection" and "close" in v.lower():
            close = True
    body = await reader.readexactly(length) if length else b""
    if close:
        writer.close()
        conn = None
    return status, ctype, body, conn


async def main(start, concurrency, max_pages):
    parts = urlsplit(start)
    host, port = parts.hostname, parts.port or 80
    seen = {start}
    queue = asyncio.Queue()
    queue.put_nowait(start)
    failed = 0

    async def worker():
        nonlocal failed
        conn = None
        while True:
            url = await queue.get()
            try:
                u = urlsplit(url)
                path = u.path + ("?" + u.query if u.query else "")
                status, ctype, body, conn = await fetch(conn, host, port, path or "/")
                if status != 200:
                    failed += status >= 400
                elif ctype.startswith("text/html"):
                    for link in new_links(url, body.decode("utf-8", "replace"), host, seen, max_pages):
                        queue.put_nowait(link)
            except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
                failed += 1
                conn = None
            finally:
                queue.task_done()

    secs = await run_workers(worker, concurrency, queue)
    print(f"pages={len(seen)} failed={failed} seconds={secs:.3f}")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))
