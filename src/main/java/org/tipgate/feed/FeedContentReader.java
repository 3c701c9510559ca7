package org.tipgate.feed;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.function.Function;
import org.tipgate.record.RecordValidator;

/**
 * Reads a feed's signed content (UTF-8 JSON Lines, header on line 1;
 * docs/formats.md#3-feed-content-header-and-tip-records) as a stream, a few batches of lines in
 * memory at a time. Content problems never throw: the caller verifies the signature after the
 * stream is consumed, and a bad signature must win over bad content, so problems are reported to
 * the listener and in the returned summary, and the stream is always read to its end. Thread-safe;
 * one instance serves all feeds.
 *
 * <p>Records are parsed and checked against the schema on a pool of worker threads
 * ("record-validator-N", daemons, one per processor) that all feeds read by this instance share,
 * while the reading thread goes on reading lines; the results are applied on the reading thread in
 * line order, so what the listener hears and the summary says are exactly what checking one record
 * after another would give. A feed has at most two batches per worker in flight (some 256 KiB of
 * lines each, and their parsed trees), so memory stays flat in the feed's size. The record
 * validator must be thread-safe, as {@link RecordValidator} is: its schema is compiled in full
 * before first use and each check keeps its state to itself.
 */
public final class FeedContentReader {

    private final Function<JsonNode, List<String>> check;
    private final FeedLimits limits;
    private final HeaderCheck headerCheck = new HeaderCheck();
    private final ValidatorPool pool;

    public FeedContentReader(RecordValidator validator, FeedLimits limits) {
        this(validator::validate, limits, ValidatorPool.defaultWorkers());
    }

    /**
     * For tests: any record check (it must be thread-safe) and any number of workers.
     *
     * @param check a record's schema problems, empty if it is valid
     */
    FeedContentReader(Function<JsonNode, List<String>> check, FeedLimits limits, int workers) {
        this.check = check;
        this.limits = limits;
        this.pool = new ValidatorPool(workers);
    }

    /**
     * Reads the content to its end, telling the listener about the header and each record in line
     * order, on the calling thread. Line numbers are 1-based over the whole content; the LF or CRLF
     * that ends a line is not part of it, and blank lines at the very end are ignored.
     *
     * @return the header, the whole-feed rejection if any (HEADER_INVALID or TOO_LARGE), and counts
     * @throws IOException only if the stream itself fails; the stream is not closed
     */
    public FeedContent read(InputStream content, FeedContentListener listener) throws IOException {
        return new ContentRun(new LineInput(content, limits), headerCheck, check, limits, listener, pool).run();
    }

    /** Workers running a batch now; for tests. */
    int busyWorkers() {
        return pool.busy();
    }
}
