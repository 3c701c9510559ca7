package org.tipgate.feed;

import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that parse and schema-check records ({@link RecordBatch}) for all the feeds one
 * {@link FeedContentReader} reads at once. Workers only ever run a batch to its end and never wait
 * for a reading thread, so feeds read side by side cannot deadlock: each reading thread waits at
 * most for batches already queued. Threads are daemons and end after a while without work, so a
 * reader that is dropped leaves nothing running.
 */
final class ValidatorPool {

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final long IDLE_SECONDS = 10;

    /** A worker, with its own parser (a {@link JsonLine} keeps state). */
    private static final class Worker extends Thread {
        final JsonLine json = new JsonLine();

        Worker(Runnable task) {
            super(task, "record-validator-" + THREADS.incrementAndGet());
            setDaemon(true);
        }
    }

    private final int workers;
    private final ThreadPoolExecutor executor;

    ValidatorPool(int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("a validator pool needs a worker, not " + workers);
        }
        this.workers = workers;
        this.executor = new ThreadPoolExecutor(workers, workers, IDLE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), Worker::new);
        executor.allowCoreThreadTimeOut(true);
    }

    /** One worker per processor the JVM may use. */
    static int defaultWorkers() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Batches one feed may have handed over and not yet applied: enough to keep every worker busy
     * while the reading thread fills the next, few enough that memory stays flat in the feed's size.
     */
    int window() {
        return 2 * workers;
    }

    Future<?> submit(RecordBatch batch) {
        return executor.submit(batch);
    }

    /** Workers running a batch now; for tests. */
    int busy() {
        return executor.getActiveCount();
    }

    /** The calling worker's parser; a fresh one on any other thread. */
    static JsonLine jsonLine() {
        return Thread.currentThread() instanceof Worker worker ? worker.json : new JsonLine();
    }
}
