package io.asyncio4j.benchmarks.soak;

import io.asyncio4j.Async;
import io.asyncio4j.AsyncProcess;
import io.asyncio4j.CompletedProcess;
import io.asyncio4j.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;

/**
 * Subprocesses started with {@link Async#subprocess} from tasks of one {@code Async.run} per round, a
 * few at once: {@code echo}, {@code head -c N /dev/zero}, {@code cat} fed through {@code communicate},
 * {@code sh -c 'exit 3'}, and faults: {@code sleep} killed early, {@code head -c 64M} killed while it
 * writes, a {@code waitFor} cancelled (which kills the process). Each output and exit code is checked;
 * a process whose future is not done within {@link #BOUND} is a hung call.
 */
final class Subprocesses implements SoakLoad {
    private static final int PROCESSES_PER_ROUND = 8;
    private static final Duration BOUND = Duration.ofSeconds(30);

    private final SoakCounters counters;
    private int round;

    Subprocesses(SoakCounters counters) {
        this.counters = counters;
    }

    @Override
    public LoadKind kind() {
        return LoadKind.SUBPROCESSES;
    }

    @Override
    public void round() {
        round++;
        Async.run(() -> {
            List<Task<Void>> tasks = new ArrayList<>();
            for (int i = 0; i < PROCESSES_PER_ROUND; i++) {
                int which = ThreadLocalRandom.current().nextInt(7);
                tasks.add(Async.createTask(() -> {
                    try {
                        Async.timeout(BOUND, () -> {
                            one(which);
                            return null;
                        });
                    } catch (CompletionException e) {
                        if (!(e.getCause() instanceof TimeoutException)) {
                            throw e;
                        }
                        counters.hung(LoadKind.SUBPROCESSES, 1, "process kind " + which + " not done in "
                                + BOUND.toSeconds() + " s (round " + round + ")");
                    }
                    return null;
                }));
            }
            Async.await(Async.gatherSettled(tasks));
            for (Task<Void> t : tasks) {
                if (t.exception() != null) {
                    counters.violation(LoadKind.SUBPROCESSES, "task failed: " + t.exception());
                }
            }
            return null;
        });
        counters.round(LoadKind.SUBPROCESSES);
    }

    private void one(int which) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        switch (which) {
            case 0 -> {
                String word = "soak-" + rnd.nextInt(1_000_000);
                CompletedProcess p = Async.await(Async.subprocess("echo", word).communicate());
                expect(p.returnCode() == 0 && p.stdout().equals(word + "\n"), "echo", p);
            }
            case 1 -> {
                int n = rnd.nextInt(1 << 20);
                CompletedProcess p = Async.await(Async.subprocess("head", "-c", Integer.toString(n), "/dev/zero")
                        .communicate());
                expect(p.returnCode() == 0 && p.stdoutBytes().length == n, "head -c " + n, p);
            }
            case 2 -> {
                String input = "line " + rnd.nextInt() + "\n".repeat(1 + rnd.nextInt(3));
                CompletedProcess p = Async.await(Async.subprocess("cat").communicate(input));
                expect(p.returnCode() == 0 && p.stdout().equals(input), "cat", p);
            }
            case 3 -> {
                CompletedProcess p = Async.await(Async.subprocess("sh", "-c", "echo oops >&2; exit 3").communicate());
                expect(p.returnCode() == 3 && p.stderr().equals("oops\n"), "sh exit 3", p);
            }
            case 4 -> {
                AsyncProcess p = Async.subprocess("sleep", "30");
                Async.await(Async.sleep(Duration.ofMillis(rnd.nextInt(50))));
                p.kill();
                counters.fault(LoadKind.SUBPROCESSES, 1);
                int code = Async.await(p.waitFor());
                expectKilled(code, "sleep 30 killed");
            }
            case 5 -> {
                AsyncProcess p = Async.subprocess("head", "-c", Integer.toString(64 << 20), "/dev/zero");
                byte[] some = Async.await(p.stdout().read(65_536));
                p.kill();
                counters.fault(LoadKind.SUBPROCESSES, 1);
                int code = Async.await(p.waitFor());
                if (some.length == 0) {
                    counters.violation(LoadKind.SUBPROCESSES, "head -c 64M: read nothing before the kill");
                }
                // head may have been blocked on the full pipe or in a write: killed either way
                expectKilled(code, "head -c 64M killed while writing");
            }
            default -> {
                AsyncProcess p = Async.subprocess("sleep", "30");
                var waiting = p.waitFor();
                Async.await(Async.sleep(Duration.ofMillis(rnd.nextInt(20))));
                waiting.cancel(true);   // documented: cancelling waitFor kills the process
                counters.fault(LoadKind.SUBPROCESSES, 1);
                int code = Async.await(p.waitFor());
                expectKilled(code, "sleep 30 whose waitFor was cancelled");
            }
        }
        counters.op(LoadKind.SUBPROCESSES, 1);
    }

    private void expect(boolean ok, String what, CompletedProcess p) {
        if (!ok) {
            counters.violation(LoadKind.SUBPROCESSES, what + ": unexpected " + p);
        }
    }

    private void expectKilled(int code, String what) {
        if (code != 137 && code != -9) {
            counters.violation(LoadKind.SUBPROCESSES, what + ": exit code " + code + ", expected 137 (SIGKILL)");
        }
    }

    @Override
    public void close() {
        // nothing kept between rounds
    }
}
