"""W6 peer: a plain aiohttp crawler (Debian's python3-aiohttp), html.parser for the links.

N workers share an asyncio.Queue frontier and one ClientSession (a connection pool of N).
Same work as the others: GET, parse the HTML, follow same-host http links, stop at max_pages URLs.
Prints one line: pages=<n> failed=<n> seconds=<s>.
Run: /usr/bin/python3 w6_aiohttp_crawler.py http://127.0.0.1:8080/ 100 10000
"""
import asyncio
import sys
from urllib.parse import urlsplit

import aiohttp

from w6_stdlib_crawler import new_links, run_workers


async def main(start, concurrency, max_pages):
    host = urlsplit(start).hostname
    seen = {start}
    queue = asyncio.Queue()
    queue.put_nowait(start)
    failed = 0
    connector = aiohttp.TCPConnector(limit=concurrency, limit_per_host=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def worker():
            nonlocal failed
            while True:
                url = await queue.get()
                try:
                    async with session.get(url, allow_redirects=True) as resp:
                        body = await resp.read()
                        if resp.status != 200:
                            failed += resp.status >= 400
                        elif resp.content_type == "text/html":
                            for link in new_links(url, body.decode("utf-8", "replace"), host, seen, max_pages):
                                queue.put_nowait(link)
                except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
                    failed += 1
                finally:
                    queue.task_done()

        secs = await run_workers(worker, concurrency, queue)
    print(f"pages={len(seen)} failed={failed} seconds={secs:.3f}")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))
