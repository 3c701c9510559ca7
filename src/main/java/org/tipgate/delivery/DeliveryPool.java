package org.tipgate.delivery;

import java.util.concurrent.ExecutorService;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;

/**
 * The threads the {@code delivery} flow's split runs its lanes on (one lane per recipient, see
 * {@link Deliverer#claim}): a fixed number of them, named {@value #NAME}, made by Camel's thread
 * pool manager, which shuts the pool down when Camel stops, after its flows have finished their
 * passes. The pool is put in Camel's registry under its name, where the flow finds it
 * ({@code executorService: tipgate-delivery}); it is deliberately not a Spring bean of type
 * {@code Executor}, since Spring Boot would then leave out its own task executor.
 *
 * <p>The split hands the pool one lane at a time, and the next only once a thread has taken the
 * one before, so the queue holds a few tasks per pass running. Its cap is a guard that is never
 * reached; were it ever full, the lane would run on the thread handing it over (Camel's
 * {@code CallerRuns}) rather than be dropped, which would leave its packages claimed but untried
 * until their lease ran out.
 */
public final class DeliveryPool {

    /** The pool's name: in its threads' names, and its key in Camel's registry. */
    public static final String NAME = "tipgate-delivery";

    static final int QUEUE = 1000;

    private final ExecutorService threads;

    private DeliveryPool(ExecutorService threads) {
        this.threads = threads;
    }

    /** Makes a pool of {@code threads} threads, which never grows nor shrinks, and registers it with Camel. */
    public static DeliveryPool bind(CamelContext camel, int threads) {
        ExecutorService pool = camel.getExecutorServiceManager().newThreadPool(DeliveryPool.class, NAME,
                new ThreadPoolProfileBuilder(NAME).poolSize(threads).maxPoolSize(threads).keepAliveTime(0L)
                        .allowCoreThreadTimeOut(false).maxQueueSize(QUEUE)
                        .rejectedPolicy(ThreadPoolRejectedPolicy.CallerRuns).build());
        camel.getRegistry().bind(NAME, ExecutorService.class, pool);
        return new DeliveryPool(pool);
    }

    public ExecutorService threads() {
        return threads;
    }
}
