package org.tipgate.feed;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.tipgate.format.Ack;
import org.tipgate.format.FeedHeader;
import org.tipgate.format.RejectionCode;

/**
 * The state of reading one feed's content; used once, by one thread. That thread reads the lines,
 * counts records and enforces the limits, and hands record lines in batches to the
 * {@link ValidatorPool}, which parses and schema-checks them; it then applies the batches strictly
 * in line order: the tipId duplicate check, the counts, the listed rejections and every listener
 * call. The outcome is the same as checking one record after another on this thread.
 */
final class ContentRun {

    /** Enough problems for a sender to fix a record; the rest are counted. */
    private static final int PROBLEMS_PER_RECORD = 3;

    private final LineInput input;
    private final HeaderCheck headerCheck;
    private final Function<JsonNode, List<String>> check;
    private final FeedLimits limits;
    private final FeedContentListener listener;
    private final ValidatorPool pool;
    private final JsonLine json = new JsonLine();
    private final TipIdSet tipIds = new TipIdSet();
    private final List<Ack.Rejection> listed = new ArrayList<>();
    /** Batches handed to the pool and not yet applied, oldest first; at most {@link ValidatorPool#window()}. */
    private final Deque<RecordBatch> pending = new ArrayDeque<>();
    private RecordBatch filling;
    private FeedHeader header;
    private Ack.Rejection feedRejection;
    private long line;
    private long records;
    private long accepted;
    private long rejected;
    /** Blank lines not yet counted: they are only records if a non-blank line follows them. */
    private long pendingBlankLines;

    ContentRun(LineInput input, HeaderCheck headerCheck, Function<JsonNode, List<String>> check, FeedLimits limits,
            FeedContentListener listener, ValidatorPool pool) {
        this.input = input;
        this.headerCheck = headerCheck;
        this.check = check;
        this.limits = limits;
        this.listener = listener;
        this.pool = pool;
    }

    FeedContent run() throws IOException {
        try {
            if (readHeader()) {
                readRecords();
            }
        } finally {
            // Only when something was thrown: what is still queued is of no use to anyone.
            cancelPending();
        }
        input.drain();
        if (feedRejection == null && header.recordCount() != records) {
            feedRejection = whole(RejectionCode.HEADER_INVALID, "the header declares recordCount " + header.recordCount()
                    + " but the content has " + records + " record lines");
        }
        return new FeedContent(header, feedRejection, records, accepted, rejected, listed, input.consumed());
    }

    private boolean readHeader() throws IOException {
        line = 1;
        LineInput.Next next = input.next();
        if (next == LineInput.Next.END) {
            feedRejection = whole(RejectionCode.HEADER_INVALID, "the content is empty: line 1 must be the feed header");
            return false;
        }
        if (exceedsLimit(next)) {
            return false;
        }
        HeaderCheck.Result result = headerCheck.check(input.bytes(), input.length(), json);
        header = result.header();
        if (header == null) {
            feedRejection = whole(RejectionCode.HEADER_INVALID, result.problem());
            return false;
        }
        if (header.recordCount() > limits.maxRecords()) {
            feedRejection = whole(RejectionCode.TOO_LARGE, "the header declares " + header.recordCount()
                    + " records, more than the limit of " + limits.maxRecords());
            return false;
        }
        listener.header(header);
        return true;
    }

    private void readRecords() throws IOException {
        try {
            readLines();
        } catch (IOException e) {
            // Reading one record after another, the listener had heard of every line before the failure.
            finishPending();
            throw e;
        }
        finishPending();
    }

    private void readLines() throws IOException {
        for (LineInput.Next next = input.next(); next != LineInput.Next.END; next = input.next()) {
            line++;
            if (exceedsLimit(next)) {
                return;
            }
            if (JsonLine.isBlank(input.bytes(), input.length())) {
                pendingBlankLines++;
                continue;
            }
            for (long blank = line - pendingBlankLines; blank < line; blank++) {
                if (!countRecord()) {
                    return;
                }
                batchFor(0).addBlank(blank);
                handOverIfFull();
            }
            pendingBlankLines = 0;
            if (!countRecord()) {
                return;
            }
            batchFor(input.length()).addRecord(line, input.bytes(), input.length());
            handOverIfFull();
        }
    }

    /** The batch to add a line of {@code length} bytes to, handing over the one being filled if it cannot take it. */
    private RecordBatch batchFor(int length) {
        if (filling != null && !filling.fits(length)) {
            handOver();
        }
        if (filling == null) {
            filling = new RecordBatch(check);
        }
        return filling;
    }

    private void handOverIfFull() {
        if (filling.full()) {
            handOver();
        }
    }

    /** Hands the batch being filled to the pool, first applying the oldest if the window is full. */
    private void handOver() {
        while (pending.size() >= pool.window()) {
            apply(pending.poll());
        }
        filling.done = pool.submit(filling);
        pending.add(filling);
        filling = null;
        // Apply what is ready now, so that the listener hears of records soon after they are read.
        while (!pending.isEmpty() && pending.peek().done.isDone()) {
            apply(pending.poll());
        }
    }

    private void finishPending() {
        if (filling != null && !filling.isEmpty()) {
            handOver();
        }
        filling = null;
        while (!pending.isEmpty()) {
            apply(pending.poll());
        }
    }

    private void cancelPending() {
        filling = null;
        for (RecordBatch batch : pending) {
            batch.done.cancel(false);
        }
        pending.clear();
    }

    /** Waits for a batch's checks, then applies its lines in order as reading them one by one would. */
    private void apply(RecordBatch batch) {
        await(batch.done);
        for (int i = 0; i < batch.count(); i++) {
            long at = batch.line(i);
            if (batch.blank(i)) {
                reject(at, null, RejectionCode.RECORD_INVALID, "the line is blank");
            } else {
                record(batch, i, at);
            }
        }
    }

    private void record(RecordBatch batch, int i, long at) {
        RecordBatch.Verdict verdict = batch.verdict(i);
        if (verdict.parseFailure() != null) {
            throw rethrow(verdict.parseFailure());
        }
        if (verdict.node() == null) {
            reject(at, null, RejectionCode.RECORD_INVALID, "the line " + verdict.parseProblem());
            return;
        }
        String tipId = verdict.tipId();
        if (tipId != null && !tipIds.add(tipId)) {
            reject(at, tipId, RejectionCode.DUPLICATE_TIP, "the tipId appears on an earlier line of this feed");
            return;
        }
        if (verdict.checkFailure() != null) {
            throw rethrow(verdict.checkFailure());
        }
        List<String> problems = verdict.problems();
        if (!problems.isEmpty()) {
            reject(at, tipId, RejectionCode.RECORD_INVALID, Reasons.firstOf(problems, PROBLEMS_PER_RECORD));
            return;
        }
        accepted++;
        listener.accepted(at, tipId, batch.raw(i), verdict.node());
    }

    /**
     * Waits for a batch however often this thread is interrupted (the wait is short: workers never
     * wait on anything), keeping the interrupt for whoever looks next, as reading sequentially would.
     */
    private static void await(Future<?> done) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    done.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw rethrow(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Throws what a worker caught, unchanged: a RuntimeException or an Error. */
    private static RuntimeException rethrow(Throwable failure) {
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException("a record check failed", failure);
    }

    private boolean countRecord() {
        if (records == limits.maxRecords()) {
            feedRejection = whole(RejectionCode.TOO_LARGE, "the content has more than the limit of "
                    + limits.maxRecords() + " records");
            return false;
        }
        records++;
        return true;
    }

    private boolean exceedsLimit(LineInput.Next next) {
        if (next == LineInput.Next.LINE_TOO_LONG) {
            feedRejection = whole(RejectionCode.TOO_LARGE, "line " + line + " is longer than the limit of "
                    + limits.maxLineBytes() + " bytes");
        } else if (next == LineInput.Next.CONTENT_TOO_LARGE) {
            feedRejection = whole(RejectionCode.TOO_LARGE, "the content is longer than the limit of "
                    + limits.maxContentBytes() + " bytes");
        }
        return feedRejection != null;
    }

    private void reject(long at, String tipId, RejectionCode code, String reason) {
        Ack.Rejection rejection = new Ack.Rejection(at, tipId, code, reason);
        rejected++;
        if (listed.size() < FeedContent.MAX_LISTED_REJECTIONS) {
            listed.add(rejection);
        }
        listener.rejected(rejection);
    }

    private static Ack.Rejection whole(RejectionCode code, String reason) {
        return new Ack.Rejection(null, null, code, reason);
    }
}
