package org.tipgate.feed;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Consecutive record lines of one feed, copied out of the {@link LineInput} by the reading thread,
 * parsed and schema-checked by a worker ({@link #run()}), then applied by the reading thread in
 * line order. Everything that depends on order (the tipId duplicate check, counts, the listener)
 * stays with the reading thread; the worker only works out what each line is on its own. Filled
 * by one thread, then handed over through the executor, which orders the two.
 */
final class RecordBatch implements Runnable {

    /** Enough lines per batch that handing over costs little next to checking them. */
    static final int MAX_RECORDS = 256;
    /** Bytes of lines per batch: some 128 of the usual 2 KiB records; a longer line makes a batch of one. */
    static final int MAX_BYTES = 256 * 1024;

    /**
     * What a worker made of one line on its own. A failure (a RuntimeException or Error out of the
     * parser or the validator) is kept, and thrown by the reading thread when it reaches that line,
     * exactly where reading one record after another would have thrown it.
     *
     * @param node the parsed line, or null if it is not one JSON value (then {@code parseProblem}
     *     says why, or {@code parseFailure} is set)
     * @param tipId the record's tipId if it is a well-formed one
     * @param problems the schema's problems (null if not checked or the check failed)
     * @param checkFailure what the schema check threw; only matters if the tipId is new
     */
    record Verdict(JsonNode node, String parseProblem, Throwable parseFailure, String tipId, List<String> problems,
            Throwable checkFailure) {
    }

    private final Function<JsonNode, List<String>> check;
    private final long[] lines = new long[MAX_RECORDS];
    /** Where each line ends in {@link #data}; it starts where the one before it ends. Blank: no bytes. */
    private final int[] ends = new int[MAX_RECORDS];
    private final boolean[] blank = new boolean[MAX_RECORDS];
    private final Verdict[] verdicts = new Verdict[MAX_RECORDS];
    private byte[] data = new byte[16 * 1024];
    private int count;
    private int size;
    /** Set by the reading thread when it hands the batch to the pool. */
    Future<?> done;

    RecordBatch(Function<JsonNode, List<String>> check) {
        this.check = check;
    }

    /** Whether a line of {@code length} bytes may join; an empty batch takes any line. */
    boolean fits(int length) {
        return count < MAX_RECORDS && (count == 0 || size + length <= MAX_BYTES);
    }

    boolean full() {
        return count == MAX_RECORDS || size >= MAX_BYTES;
    }

    boolean isEmpty() {
        return count == 0;
    }

    void addBlank(long line) {
        lines[count] = line;
        ends[count] = size;
        blank[count] = true;
        count++;
    }

    void addRecord(long line, byte[] bytes, int length) {
        if (size + length > data.length) {
            data = Arrays.copyOf(data, Math.max(size + length, Math.min(2 * data.length, MAX_BYTES)));
        }
        System.arraycopy(bytes, 0, data, size, length);
        size += length;
        lines[count] = line;
        ends[count] = size;
        blank[count] = false;
        count++;
    }

    int count() {
        return count;
    }

    long line(int i) {
        return lines[i];
    }

    boolean blank(int i) {
        return blank[i];
    }

    Verdict verdict(int i) {
        return verdicts[i];
    }

    /** A fresh copy of line i's bytes, for the listener to keep. */
    byte[] raw(int i) {
        return Arrays.copyOfRange(data, start(i), ends[i]);
    }

    /** Parses and checks every record line; on a worker of {@link ValidatorPool}. */
    @Override
    public void run() {
        JsonLine json = ValidatorPool.jsonLine();
        for (int i = 0; i < count; i++) {
            if (!blank[i]) {
                verdicts[i] = judge(json, data, start(i), ends[i] - start(i));
            }
        }
    }

    private int start(int i) {
        return i == 0 ? 0 : ends[i - 1];
    }

    private Verdict judge(JsonLine json, byte[] bytes, int offset, int length) {
        JsonLine.Parsed parsed;
        String tipId;
        try {
            parsed = json.parse(bytes, offset, length);
            if (parsed.node() == null) {
                return new Verdict(null, parsed.problem(), null, null, null, null);
            }
            tipId = tipIdOf(parsed.node());
        } catch (RuntimeException | Error e) {
            return new Verdict(null, null, e, null, null, null);
        }
        try {
            return new Verdict(parsed.node(), null, null, tipId, check.apply(parsed.node()), null);
        } catch (RuntimeException | Error e) {
            return new Verdict(parsed.node(), null, null, tipId, null, e);
        }
    }

    /** The record's tipId if it is a well-formed one; anything else is not echoed into the ack. */
    static String tipIdOf(JsonNode record) {
        JsonNode tipId = record.path("tipId");
        if (!tipId.isTextual()) {
            return null;
        }
        String text = tipId.textValue();
        if (text.isEmpty() || text.length() > 20) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return null;
            }
        }
        return text;
    }
}
