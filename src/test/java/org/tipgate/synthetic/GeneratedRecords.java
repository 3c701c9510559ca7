package org.tipgate.synthetic;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.tipgate.directory.LgdTables;
import org.tipgate.format.WireJson;

/** Synthetic tip records as parsed trees, for tests of the record schema. */
public final class GeneratedRecords {

    private GeneratedRecords() {
    }

    /** {@code count} records of {@link FeedGenerator} with this seed, each parsed. */
    public static List<JsonNode> of(long seed, int count) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new FeedGenerator(LgdTables.bundled()).write(seed, count, out);
        List<JsonNode> records = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            records.add(WireJson.mapper().readTree(line));
        }
        return records;
    }
}
