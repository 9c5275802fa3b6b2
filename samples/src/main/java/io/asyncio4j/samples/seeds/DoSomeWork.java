package io.asyncio4j.samples.seeds;

import io.asyncio4j.Async;
import java.time.Duration;

/**
 * The seeds' {@code do_some_work(x)} coroutine, shared by the seed-002 samples:
 *
 * <pre>
 * async def do_some_work(x):
 *     print('Waiting: ', x)
 *     await asyncio.sleep(x)
 *     return 'Done after {}s'.format(x)
 * </pre>
 *
 * Sleeps are {@code x * unit} seconds so that tests can run the samples quickly.
 */
final class DoSomeWork {
    private DoSomeWork() {}

    /** Seconds per unit of sleep: 1.0 in the samples as written, smaller in tests. */
    static volatile double unit = 1.0;

    static String doSomeWork(int x) {
        System.out.println("Waiting: " + x);
        Async.await(Async.sleep(seconds(x)));
        return "Done after " + x + "s";
    }

    static Duration seconds(double x) {
        return Duration.ofNanos(Math.round(x * unit * 1e9));
    }

    /** Sets the unit from the first argument, 1.0 without one. */
    static void setUnit(String[] args) {
        setUnit(args, 1.0);
    }

    static void setUnit(String[] args, double byDefault) {
        unit = args.length > 0 ? Double.parseDouble(args[0]) : byDefault;
    }
}
