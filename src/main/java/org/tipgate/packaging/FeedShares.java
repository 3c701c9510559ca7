package org.tipgate.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tipgate.crypto.ContentSource;
import org.tipgate.crypto.SealedSpool;
import org.tipgate.feed.FeedContentListener;
import org.tipgate.feed.TipIdColumn;
import org.tipgate.format.Ack;
import org.tipgate.format.FeedHeader;
import org.tipgate.format.RejectionCode;

/**
 * A feed's accepted records routed into their recipients' shares as the feed streams by: each
 * share's record lines staged, byte for byte, in a sealed scratch file ({@link SealedSpool}), and
 * what cannot be routed quarantined (UNROUTABLE). Listens to the feed reader either while the
 * intake verifies the feed (so that packaging needs no second read) or when packaging reads the
 * feed back from the evidence (after a restart, or on another node).
 *
 * <p>Compact, because a feed may hold a million records: per routed record its tipId (packed), its
 * line and which set of recipients it has, about 20 bytes; per share a position and a length per
 * record. Staging is provisional until the feed's signature holds: the caller closes the shares
 * of a feed refused as a whole. A failure to stage (a full disk) does not fail the verification
 * the shares listen to: the shares are marked broken, their files removed, and packaging reads the
 * feed back instead. Used by one thread at a time.
 */
public final class FeedShares implements FeedContentListener, AutoCloseable {

    private final RecordRouter router;
    private final String feedId;
    private final Map<String, Share> byRecipient = new LinkedHashMap<>();
    private final List<Ack.Rejection> quarantined = new ArrayList<>();
    /** Routed records in line order: tipId, line, and index of its recipient list. */
    private final TipIdColumn tipIds = new TipIdColumn();
    private long[] lines = new long[256];
    private int[] recipientsOf = new int[256];
    private final List<List<String>> recipientLists = new ArrayList<>();
    private final Map<List<String>, Integer> recipientListIndex = new HashMap<>();
    private long accepted;
    private IOException broken;
    private boolean finished;

    /** @param feedId the feed these records must belong to (its header is checked), or null to take any */
    public FeedShares(RecordRouter router, String feedId) {
        this.router = router;
        this.feedId = feedId;
    }

    @Override
    public void header(FeedHeader header) {
        if (feedId != null && !header.feedId().equals(feedId)) {
            throw new IllegalStateException("evidence of feed " + feedId + " names feed " + header.feedId());
        }
    }

    @Override
    public void accepted(long line, String tipId, byte[] raw, JsonNode record) {
        accepted++;
        List<String> recipients;
        try {
            recipients = router.recipients(record);
        } catch (RecordRouter.Unroutable e) {
            quarantined.add(new Ack.Rejection(line, tipId, RejectionCode.UNROUTABLE, e.getMessage()));
            return;
        }
        int position = tipIds.add(tipId);
        if (position == lines.length) {
            lines = Arrays.copyOf(lines, position * 2);
            recipientsOf = Arrays.copyOf(recipientsOf, position * 2);
        }
        lines[position] = line;
        recipientsOf[position] = recipientListIndex.computeIfAbsent(List.copyOf(recipients), list -> {
            recipientLists.add(list);
            return recipientLists.size() - 1;
        });
        if (broken != null) {
            return;
        }
        try {
            for (String recipient : recipients) {
                Share share = byRecipient.get(recipient);
                if (share == null) {
                    share = new Share(recipient);
                    byRecipient.put(recipient, share);
                }
                share.add(position, raw);
            }
        } catch (IOException e) {
            broken(e);
        }
    }

    @Override
    public void rejected(Ack.Rejection rejection) {
    }

    /** Seals every share; call it once every record is in. */
    public void finish() throws IOException {
        if (broken == null && !finished) {
            try {
                for (Share share : byRecipient.values()) {
                    share.out.close();
                }
            } catch (IOException e) {
                broken(e);
            }
            finished = true;
        }
        if (broken != null) {
            throw new IOException("the feed's shares could not be staged", broken);
        }
    }

    /** Whether staging failed; the shares are then of no use and the feed must be read again. */
    public boolean broken() {
        return broken != null;
    }

    /** How many accepted records the shares have seen: routed or quarantined. */
    public long accepted() {
        return accepted;
    }

    /** The records that could not be routed, in line order. */
    public List<Ack.Rejection> quarantined() {
        return quarantined;
    }

    /** The shares in the order their recipients first appeared. */
    public Collection<Share> shares() {
        return byRecipient.values();
    }

    /** How many records were routed (to one recipient or more). */
    public int routed() {
        return tipIds.size();
    }

    public String tipId(int record) {
        return tipIds.get(record);
    }

    public long line(int record) {
        return lines[record];
    }

    /** The recipients of a routed record, state nodal agency first. */
    public List<String> recipients(int record) {
        return recipientLists.get(recipientsOf[record]);
    }

    /** The tipIds of every routed record, in line order: a view, each String made when it is read. */
    public List<String> routedTipIds() {
        return new AbstractList<>() {
            @Override
            public String get(int record) {
                return tipIds.get(record);
            }

            @Override
            public int size() {
                return tipIds.size();
            }
        };
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (Share share : byRecipient.values()) {
            try {
                share.spool.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private void broken(IOException e) {
        broken = e;
        try {
            close();
        } catch (IOException cleanup) {
            e.addSuppressed(cleanup);
        }
    }

    /** One recipient's records of a feed, staged in a sealed scratch file in line order. */
    public static final class Share {
        private final String recipient;
        private final SealedSpool spool;
        private final OutputStream out;
        private int size;
        private int[] records = new int[64];
        private int[] lengths = new int[64];

        private Share(String recipient) throws IOException {
            this.recipient = recipient;
            this.spool = SealedSpool.create();
            this.out = new BufferedOutputStream(spool.output(), 1 << 16);
        }

        private void add(int record, byte[] raw) throws IOException {
            if (size == records.length) {
                records = Arrays.copyOf(records, size * 2);
                lengths = Arrays.copyOf(lengths, size * 2);
            }
            records[size] = record;
            lengths[size] = raw.length + 1;
            size++;
            out.write(raw);
            out.write('\n');
        }

        public String recipient() {
            return recipient;
        }

        /** How many records the share holds. */
        public int size() {
            return size;
        }

        /** The routed record (see {@link FeedShares#tipId}) at {@code position} in this share. */
        public int record(int position) {
            return records[position];
        }

        /** The length of the line at {@code position}, its line feed included. */
        public int length(int position) {
            return lengths[position];
        }

        /** Where the share's sealed lines are on disk. */
        Path file() {
            return spool.file();
        }

        /**
         * The staged lines, each ending with a line feed; readable once the shares are finished. A
         * file altered or cut on disk fails the read of its last byte, or the close of a stream
         * closed before that ({@link SealedSpool}): its bytes are never used unauthenticated.
         */
        public ContentSource source() {
            return new ContentSource() {
                @Override
                public long length() {
                    return spool.length();
                }

                @Override
                public InputStream open() throws IOException {
                    return spool.input();
                }
            };
        }
    }
}
