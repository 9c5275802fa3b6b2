/**
 * asyncio4j's engine: the event loop, tasks and synchronization machinery on kotlinx.coroutines.
 * Not an application API: its package is exported only to asyncio4j's own modules, the Java facade
 * ({@code io.asyncio4j}) and the Vert.x adapters ({@code io.asyncio4j.vertx}).
 */
module io.asyncio4j.engine {
    // engine signatures use Kotlin types (functions, Unit), so readers of the engine read the stdlib too
    requires transitive kotlin.stdlib;
    requires kotlinx.coroutines.core;
    // the objects a pool shares with its worker processes (SharedObjects.kt) are served over RMI on 127.0.0.1
    requires java.rmi;
    // a worker process gets this JVM's --add-opens/--add-exports (WorkerLaunch.kt), read from the management API when present
    requires static java.management;
    // Async.run's Ctrl-C (KeyboardInterrupt.kt) handles SIGINT through sun.misc.Signal
    requires jdk.unsupported;

    // java.rmi reflects on the remote interfaces of SharedObjects.kt
    exports io.asyncio4j.engine to io.asyncio4j, io.asyncio4j.vertx, java.rmi;
}
