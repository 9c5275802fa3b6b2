"""W6 peer: Scrapy (Debian's python3-scrapy), as a user would configure it for this crawl.

CONCURRENT_REQUESTS and CONCURRENT_REQUESTS_PER_DOMAIN = N, no robots.txt, no retries, no delay,
links from response.css('a::attr(href)') (parsel/lxml), same host only, at most max_pages URLs.
Prints one line: pages=<n> failed=<n> seconds=<s>.
Run: /usr/bin/python3 w6_scrapy_crawler.py http://127.0.0.1:8080/ 100 10000
"""
import sys
import time
from urllib.parse import urldefrag, urlsplit

import scrapy
from scrapy.crawler import CrawlerProcess

START, CONCURRENCY, MAX_PAGES = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
HOST = urlsplit(START).hostname
state = {"seen": {START}, "failed": 0, "t0": 0.0}


class W6Spider(scrapy.Spider):
    name = "w6"
    custom_settings = {
        "CONCURRENT_REQUESTS": CONCURRENCY,
        "CONCURRENT_REQUESTS_PER_DOMAIN": CONCURRENCY,
        "ROBOTSTXT_OBEY": False,
        "RETRY_ENABLED": False,
        "DOWNLOAD_DELAY": 0,
        "LOG_LEVEL": "ERROR",
        "TELNETCONSOLE_ENABLED": False,
        "COOKIES_ENABLED": False,
        "HTTPERROR_ALLOW_ALL": True,
        "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
    }

    def start_requests(self):
        state["t0"] = time.perf_counter()
        yield scrapy.Request(START, callback=self.parse, errback=self.failed)

    def failed(self, failure):
        state["failed"] += 1

    def parse(self, response):
        if response.status >= 400:
            state["failed"] += 1
            return
        if not response.headers.get(b"Content-Type", b"").startswith(b"text/html"):
            return
        for href in response.css("a::attr(href)").getall():
            link = urldefrag(response.urljoin(href))[0]
            lp = urlsplit(link)
            if lp.scheme in ("http", "https") and lp.hostname == HOST and len(state["seen"]) < MAX_PAGES and link not in state["seen"]:
                state["seen"].add(link)
                yield scrapy.Request(link, callback=self.parse, errback=self.failed)


process = CrawlerProcess(settings={"LOG_LEVEL": "ERROR"})
process.crawl(W6Spider)
process.start()
print(f"pages={len(state['seen'])} failed={state['failed']} seconds={time.perf_counter() - state['t0']:.3f}")
