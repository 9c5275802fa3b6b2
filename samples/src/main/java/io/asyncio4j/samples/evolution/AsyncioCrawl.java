package io.asyncio4j.samples.evolution;

import io.asyncio4j.Async;
import io.asyncio4j.Task;
import java.util.ArrayList;
import java.util.List;

/**
 * Stage (e) of seed 000's evolution: asyncio4j. The fetch reads like the blocking one of stage (a),
 * but {@code Async.await} suspends the task instead of blocking a thread; the loop, the selector
 * and the Future/Task stepping of stages (c) and (d) are the library's. One task per page, then
 * {@code Async.gather}.
 *
 * <pre>
 * async def fetch(url):
 *     reader, writer = await asyncio.open_connection('example.com', 80)
 *     writer.write('GET {} HTTP/1.0\r\nHost: example.com\r\n\r\n'.format(url).encode('ascii'))
 *     await writer.drain()
 *     return await reader.read()
 *
 * async def main():
 *     return await asyncio.gather(*(fetch(url) for url in urls_todo))
 * </pre>
 */
final class AsyncioCrawl {
    private AsyncioCrawl() {}

    static List<byte[]> crawl(String host, int port, List<String> paths) {
        return Async.run(() -> {
            List<Task<byte[]>> tasks = new ArrayList<>();
            for (String path : paths) {
                tasks.add(Async.createTask("fetch " + path, () -> RawHttp.get(host, port, path)));
            }
            return Async.await(Async.gather(tasks));
        });
    }
}
