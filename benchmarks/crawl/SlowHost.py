"""A host that answers every page after a pause: the many-host benchmark's slow host.

"/" links to /s/0 .. /s/(N-1); every page answers after DELAY seconds. Threaded, so every request waits its own pause.
Run: /usr/bin/python3 SlowHost.py PORT N DELAY
"""
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT, N, DELAY = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])


class Slow(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        if self.path == "/":
            body = "".join(f"<a href='/s/{i}'>slow {i}</a>\n" for i in range(N))
        else:
            time.sleep(DELAY)
            body = f"<title>slow {self.path}</title>"
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer(("127.0.0.1", PORT), Slow).serve_forever()
