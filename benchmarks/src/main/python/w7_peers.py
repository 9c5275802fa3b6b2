"""Python peers of benchmark W7 (workers and processes), run once per fresh interpreter by W7.java.

usage: python3 w7_peers.py <case> ; prints one line "RESULT ms=<wall> checksum=<n>".
  tiny         100,000 tiny jobs through ThreadPoolExecutor(4) (after one warm-up round)
  cpu          1,000 prime tests of 100,000,000,003 through ProcessPoolExecutor(2), pool start and shutdown included
  cpu-light    the same with 1,000,000,007 (a job of a millisecond or two: per-job overhead dominates)
  subprocess   1,000 `true` processes, 50 at once, with asyncio subprocesses
"""
import asyncio
import concurrent.futures
import math
import sys
import time

TINY_JOBS = 100_000
CPU_JOBS = 1_000
CPU_PRIME = 100_000_000_003
CPU_LIGHT_PRIME = 1_000_000_007
PROCESSES = 1_000
AT_ONCE = 50


def is_prime(n):
    """The seeds' prime test (seed 001)."""
    if n < 2:
        return False
    if n == 2:
        return True
    if n % 2 == 0:
        return False
    sqrt_n = int(math.floor(math.sqrt(n)))
    for i in range(3, sqrt_n + 1, 2):
        if n % i == 0:
            return False
    return True


def tiny_round(executor):
    futures = [executor.submit(int, i) for i in range(TINY_JOBS)]
    return sum(f.result() for f in futures)


def tiny():
    with concurrent.futures.ThreadPoolExecutor(4) as executor:
        tiny_round(executor)  # warm-up, as the JVM peers do
        t0 = time.perf_counter()
        checksum = tiny_round(executor)
        return time.perf_counter() - t0, checksum


def cpu(prime=CPU_PRIME):
    t0 = time.perf_counter()
    with concurrent.futures.ProcessPoolExecutor(2) as executor:
        checksum = sum(1 for p in executor.map(is_prime, [prime] * CPU_JOBS) if p)
    return time.perf_counter() - t0, checksum


async def run_processes():
    counter = iter(range(PROCESSES))
    ok = 0

    async def worker():
        nonlocal ok
        for _ in counter:
            p = await asyncio.create_subprocess_exec('true')
            if await p.wait() == 0:
                ok += 1

    await asyncio.gather(*(worker() for _ in range(AT_ONCE)))
    return ok


def subprocess_case():
    t0 = time.perf_counter()
    checksum = asyncio.run(run_processes())
    return time.perf_counter() - t0, checksum


if __name__ == '__main__':
    case = sys.argv[1]
    seconds, checksum = {'tiny': tiny, 'cpu': cpu, 'cpu-light': lambda: cpu(CPU_LIGHT_PRIME), 'subprocess': subprocess_case}[case]()
    print('RESULT ms=%.3f checksum=%d' % (seconds * 1000, checksum), flush=True)
