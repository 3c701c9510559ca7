package org.tipgate.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * A feed's tip ledger rows are handed out in the ledger key's order (tipId as text, then
 * recipient), each kept record of each share exactly once, a chunk at a time.
 */
class TipLedgerRowsTests {

    /** Routes by the record's text: the recipients, comma-separated. */
    private static final RecordRouter ROUTER = record -> List.of(record.asText().split(","));

    @Test
    void rowsComeInKeyOrderWhateverTheirLinesAndLengths() throws Exception {
        List<String> tipIds = List.of("99", "100", "1000000000", "999999999", "7", "007", "12345678901234567890",
                "2000000000000000000", "1234567890123", "0", "10", "1");
        try (FeedShares shares = shares(tipIds, i -> i % 3 == 0 ? "mp-scc,mp-indore" : i % 3 == 1 ? "dl-ifso"
                : "mp-scc,mp-gwalior")) {
            List<TipLedger.TipDelivery> rows = new ArrayList<>();
            TipLedgerRows.inKeyOrder(shares, allKept(shares), "feed-a", 1000, rows::addAll);

            assertThat(rows).hasSize(20).isSortedAccordingTo(Comparator.comparing(TipLedger.TipDelivery::tipId)
                    .thenComparing(TipLedger.TipDelivery::recipient));
            assertThat(rows).allSatisfy(row -> {
                assertThat(row.feedId()).isEqualTo("feed-a");
                assertThat(row.packageId()).isEqualTo("feed-a." + row.recipient());
                assertThat(row.line()).isEqualTo(2 + tipIds.indexOf(row.tipId()));
            });
        }
    }

    @Test
    void tipIdsAlikeInTheirLeadingCharactersComeOutTogether() throws Exception {
        // 14 characters of a tipId fit in the sort key here: these three are alike in them.
        List<String> tipIds = List.of("2", "12345678901234567891", "11", "12345678901234567890", "3",
                "12345678901234567");
        try (FeedShares shares = shares(tipIds, i -> i % 2 == 0 ? "mp-scc,mp-indore" : "dl-ifso")) {
            List<String> rows = new ArrayList<>();
            TipLedgerRows.inKeyOrder(shares, allKept(shares), "feed-a", 1000,
                    chunk -> chunk.forEach(row -> rows.add(row.tipId())));

            assertThat(rows).containsExactlyInAnyOrder("2", "2", "12345678901234567891", "11", "11",
                    "12345678901234567890", "3", "3", "12345678901234567");
            assertThat(rows.subList(0, 2)).containsOnly("11");
            assertThat(rows.subList(2, 5)).allMatch(tipId -> tipId.startsWith("12345678901234"));
            assertThat(rows.subList(5, 9)).containsExactly("2", "2", "3", "3");
        }
    }

    @Test
    void onlyTheKeptRowsComeOutOnceEachInChunksOfTheGivenSize() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        List<String> tipIds = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            tipIds.add(Long.toString(random.nextLong(100_000_000L, 10_000_000_000L)));
        }
        try (FeedShares shares = shares(tipIds, i -> i % 2 == 0 ? "mp-scc,mp-indore" : "dl-ifso")) {
            Map<FeedShares.Share, BitSet> keptOf = allKept(shares);
            List<String> expected = new ArrayList<>();
            for (Map.Entry<FeedShares.Share, BitSet> entry : keptOf.entrySet()) {
                FeedShares.Share share = entry.getKey();
                for (int i = 0; i < share.size(); i += 3) {
                    entry.getValue().clear(i);
                }
                entry.getValue().stream().forEach(i -> expected.add(share.recipient() + " "
                        + shares.tipId(share.record(i))));
            }
            List<Integer> chunkSizes = new ArrayList<>();
            List<TipLedger.TipDelivery> rows = new ArrayList<>();
            TipLedgerRows.inKeyOrder(shares, keptOf, "feed-b", 500, chunk -> {
                chunkSizes.add(chunk.size());
                rows.addAll(chunk);
            });

            assertThat(rows).extracting(row -> row.recipient() + " " + row.tipId())
                    .containsExactlyInAnyOrderElementsOf(expected);
            assertThat(rows).isSortedAccordingTo(Comparator.comparing(TipLedger.TipDelivery::tipId)
                    .thenComparing(TipLedger.TipDelivery::recipient));
            // 3 x 1,000 rows, every third position of each share not kept
            assertThat(expected).hasSize(3 * 666);
            assertThat(chunkSizes).containsExactly(500, 500, 500, 498);
        }
    }

    @Test
    void aLastChunkIsSmallerAndNoChunkIsEmpty() throws Exception {
        try (FeedShares shares = shares(List.of("5", "3", "4", "1", "2"), i -> "mp-scc")) {
            List<List<String>> chunks = new ArrayList<>();
            TipLedgerRows.inKeyOrder(shares, allKept(shares), "feed-c", 2,
                    chunk -> chunks.add(chunk.stream().map(TipLedger.TipDelivery::tipId).toList()));
            assertThat(chunks).containsExactly(List.of("1", "2"), List.of("3", "4"), List.of("5"));

            List<List<TipLedger.TipDelivery>> none = new ArrayList<>();
            TipLedgerRows.inKeyOrder(shares, Map.of(), "feed-c", 2, none::add);
            assertThat(none).isEmpty();
        }
    }

    @Test
    void leadingCharactersSortAsTheTextDoes() {
        SplittableRandom random = new SplittableRandom(11);
        for (int n = 0; n < 100_000; n++) {
            String a = digits(random);
            String b = digits(random);
            long ka = TipLedgerRows.leadingCharacters(a, 44);
            long kb = TipLedgerRows.leadingCharacters(b, 44);
            if (ka != kb) {
                assertThat(Long.signum(ka - kb)).as("%s and %s", a, b).isEqualTo(Integer.signum(a.compareTo(b)));
            } else {
                assertThat(a.substring(0, Math.min(a.length(), 11))).isEqualTo(b.substring(0, Math.min(b.length(), 11)));
            }
        }
    }

    private static String digits(SplittableRandom random) {
        StringBuilder text = new StringBuilder();
        int length = 1 + random.nextInt(random.nextBoolean() ? 3 : 20);
        for (int i = 0; i < length; i++) {
            text.append((char) ('0' + random.nextInt(random.nextBoolean() ? 2 : 10)));
        }
        return text.toString();
    }

    private static FeedShares shares(List<String> tipIds, IntFunction<String> recipients)
            throws Exception {
        FeedShares shares = new FeedShares(ROUTER, null);
        for (int i = 0; i < tipIds.size(); i++) {
            shares.accepted(2 + i, tipIds.get(i), "{}".getBytes(StandardCharsets.US_ASCII),
                    JsonNodeFactory.instance.textNode(recipients.apply(i)));
        }
        shares.finish();
        return shares;
    }

    private static Map<FeedShares.Share, BitSet> allKept(FeedShares shares) {
        Map<FeedShares.Share, BitSet> keptOf = new LinkedHashMap<>();
        for (FeedShares.Share share : shares.shares()) {
            BitSet kept = new BitSet();
            kept.set(0, share.size());
            keptOf.put(share, kept);
        }
        return keptOf;
    }
}
