package org.tipgate.synthetic;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.SplittableRandom;
import org.tipgate.directory.LgdTables;
import org.tipgate.format.WireJson;

/**
 * Realistic synthetic tip records (JSON Lines, records only: {@code feed sign} adds the header),
 * for demos, tests and load runs; no real person, service or file is behind any of them. Output is
 * a function of the seed alone: the same seed and count give the same bytes, and a shorter run is a
 * prefix of a longer one. Written as a stream, so a million records need no more memory than one.
 */
public final class FeedGenerator {

    /** Synthetic tips were received in the 30 days before this instant; fixed so output depends only on the seed. */
    static final Instant LATEST = Instant.parse("2025-11-30T00:00:00Z");
    private static final int WINDOW_SECONDS = 30 * 86_400;

    private final TipWriter tips;

    public FeedGenerator(LgdTables lgd) {
        this.tips = new TipWriter(new DemoGeography(lgd));
    }

    /** Writes {@code count} records, one per LF-terminated line, to {@code out}, which is flushed but not closed. */
    public void write(long seed, long count, OutputStream out) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        long tipId = 100_000_000L + random.nextInt(400_000_000);
        try (JsonGenerator g = WireJson.mapper().getFactory().createGenerator(out)) {
            g.disable(StreamWriteFeature.AUTO_CLOSE_TARGET.mappedFeature());
            // Records are separated by our own LF, not by the generator's default space.
            g.setRootValueSeparator(null);
            for (long i = 0; i < count; i++) {
                tipId += 1 + random.nextInt(40);
                tips.write(g, random, tipId, LATEST.minusSeconds(random.nextInt(WINDOW_SECONDS)));
                g.writeRaw('\n');
            }
        }
    }
}
