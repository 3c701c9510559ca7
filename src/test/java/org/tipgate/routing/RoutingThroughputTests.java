package org.tipgate.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.management.ThreadMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.tipgate.feed.Feeds;
import org.tipgate.format.WireJson;

/**
 * What routing a record costs: 30,000 synthetic records, already parsed (the pipeline parses them
 * to validate them anyway), routed over and over on one thread. Prints its figures (see
 * docs/routing.md); run with -Pheavy. Not a timed assertion: a slow machine is no failure.
 */
@Tag("heavy")
class RoutingThroughputTests {

    private static final int RECORDS = 30_000;
    private static final int WARM_UP_PASSES = 30;
    private static final int MEASURED_PASSES = 30;

    @Test
    void routesADispatchInMilliseconds() throws IOException {
        JurisdictionRouter router = Routers.demo();
        List<JsonNode> records = new ArrayList<>(RECORDS);
        for (String line : Feeds.generated(7, RECORDS)) {
            records.add(WireJson.mapper().readTree(line));
        }
        for (int pass = 0; pass < WARM_UP_PASSES; pass++) {
            routeAll(router, records);
        }
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] nanos = new long[MEASURED_PASSES];
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        int routed = 0;
        for (int pass = 0; pass < MEASURED_PASSES; pass++) {
            long start = System.nanoTime();
            routed = routeAll(router, records);
            nanos[pass] = System.nanoTime() - start;
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
        Arrays.sort(nanos);

        System.out.printf("routing %d parsed records, %d passes after %d warm-up passes, one thread:%n", RECORDS,
                MEASURED_PASSES, WARM_UP_PASSES);
        System.out.printf("  per pass: best %.2f ms, median %.2f ms, worst %.2f ms%n", nanos[0] / 1e6,
                nanos[MEASURED_PASSES / 2] / 1e6, nanos[MEASURED_PASSES - 1] / 1e6);
        System.out.printf("  per record: median %.0f ns (%.1f million records/s); allocated %.0f bytes%n",
                (double) nanos[MEASURED_PASSES / 2] / RECORDS, RECORDS * 1e3 / nanos[MEASURED_PASSES / 2],
                (double) allocated / MEASURED_PASSES / RECORDS);
        System.out.printf("  routed %d of %d%n", routed, RECORDS);
        hotInCache(router, records.subList(0, 500));
        assertThat(routed).isBetween(RECORDS * 95 / 100, RECORDS - 1);
    }

    /** In the pipeline a record is routed just after it is parsed and validated, while it is still in the CPU cache. */
    private static void hotInCache(JurisdictionRouter router, List<JsonNode> records) {
        long best = Long.MAX_VALUE;
        for (int pass = 0; pass < 2_000; pass++) {
            long start = System.nanoTime();
            routeAll(router, records);
            best = Math.min(best, System.nanoTime() - start);
        }
        System.out.printf("  the first %d records, in cache: best %.0f ns per record%n", records.size(),
                (double) best / records.size());
    }

    private static int routeAll(JurisdictionRouter router, List<JsonNode> records) {
        int routed = 0;
        for (JsonNode record : records) {
            if (router.route(record) instanceof Decision.Routed) {
                routed++;
            }
        }
        return routed;
    }
}
