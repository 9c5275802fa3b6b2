"""The Python 3.11 asyncio peer of the asyncio4j comparison (stdlib only).

Usage: python3 asyncio_peers.py <workload> [n=..] [sleepMs=..] [capacity=..] [tasks=..] [iters=..]

Runs one workload once, the way an asyncio programmer writes it, and prints one line

    RESULT workload=W1 impl=python wall_ns=... checksum=... rss_kib=... heap_peak_bytes=-1 gc_ms=-1 runtime=...

that the Java harness (io.asyncio4j.benchmarks.compare.Compare) parses. Wall time covers the
workload only (interpreter start-up excluded); rss_kib is VmHWM from /proc/self/status.
"""

import asyncio
import platform
import sys
import threading
import time


async def w1(n, sleep_s):
    """1,000,000 concurrent asyncio.sleep(1), gathered."""
    results = await asyncio.gather(*[asyncio.sleep(sleep_s, 1) for _ in range(n)])
    return sum(results)


async def _yield_once():
    await asyncio.sleep(0)
    return 1


async def w1b(n):
    """1,000,000 tasks that yield once, gathered."""
    results = await asyncio.gather(*[_yield_once() for _ in range(n)])
    return sum(results)


async def w2(n, capacity):
    """One producer, one consumer, asyncio.Queue(capacity), n items."""
    q = asyncio.Queue(capacity)

    async def producer():
        for i in range(n):
            await q.put(i)

    async def consumer():
        total = 0
        for _ in range(n):
            total += await q.get()
        return total

    _, total = await asyncio.gather(producer(), consumer())
    return total


async def _identity(x):
    return x


def _loop_in_thread():
    loop = asyncio.new_event_loop()
    t = threading.Thread(target=loop.run_forever, name="asyncio-loop", daemon=True)
    t.start()
    return loop, t


def w3seq(n):
    """n sequential run_coroutine_threadsafe(...).result() round trips from this plain thread."""
    loop, t = _loop_in_thread()
    total = 0
    for i in range(n):
        total += asyncio.run_coroutine_threadsafe(_identity(i), loop).result()
    loop.call_soon_threadsafe(loop.stop)
    t.join()
    return total


def w3pipe(n):
    """n run_coroutine_threadsafe submitted at once, then every result()."""
    loop, t = _loop_in_thread()
    futures = [asyncio.run_coroutine_threadsafe(_identity(i), loop) for i in range(n)]
    total = sum(f.result() for f in futures)
    loop.call_soon_threadsafe(loop.stop)
    t.join()
    return total


async def w4(tasks, iters):
    """tasks x iters times `async with lock: await asyncio.sleep(0)` on one asyncio.Lock."""
    lock = asyncio.Lock()
    state = {"inside": 0, "ops": 0}

    async def worker():
        for _ in range(iters):
            async with lock:
                state["inside"] += 1
                if state["inside"] != 1:
                    raise RuntimeError("two tasks inside the lock")
                await asyncio.sleep(0)
                state["inside"] -= 1
                state["ops"] += 1

    await asyncio.gather(*[worker() for _ in range(tasks)])
    return state["ops"]


def hwm_kib():
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    workload = argv[1]
    p = {"n": 0, "sleepMs": 0, "capacity": 0, "tasks": 0, "iters": 0}
    for kv in argv[2:]:
        k, v = kv.split("=", 1)
        if k not in p:
            raise SystemExit("unknown parameter " + k)
        p[k] = int(v)

    runners = {
        "W1": lambda: asyncio.run(w1(p["n"], p["sleepMs"] / 1000.0)),
        "W1b": lambda: asyncio.run(w1b(p["n"])),
        "W2": lambda: asyncio.run(w2(p["n"], p["capacity"])),
        "W3seq": lambda: w3seq(p["n"]),
        "W3pipe": lambda: w3pipe(p["n"]),
        "W4": lambda: asyncio.run(w4(p["tasks"], p["iters"])),
    }
    if workload not in runners:
        raise SystemExit("unknown workload " + workload + "; known: " + ",".join(runners))
    t0 = time.perf_counter_ns()
    checksum = runners[workload]()
    wall = time.perf_counter_ns() - t0
    runtime = "Python_" + platform.python_version()
    print("RESULT workload=%s impl=python wall_ns=%d checksum=%d rss_kib=%d heap_peak_bytes=-1 gc_ms=-1 runtime=%s"
          % (workload, wall, checksum, hwm_kib(), runtime), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
