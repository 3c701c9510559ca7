package org.tipgate.feed;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.tipgate.crypto.ContentSource;
import org.tipgate.format.FeedHeader;
import org.tipgate.format.WireJson;

/**
 * Puts a sender's feed together: the header line (which binds feed id, sender and record count
 * into the signed content) in front of the record lines, which are kept byte for byte.
 */
public final class FeedAssembler {

    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private FeedAssembler() {
    }

    /** A feed id for a sender's feed made at {@code at}, unless the sender names one. */
    public static String defaultFeedId(String sender, Instant at) {
        return sender + "-" + ID_TIME.format(at);
    }

    /**
     * Counts the records of a JSON Lines file (one record per line, a final line feed optional).
     *
     * @throws IOException naming the line when a line is blank: a blank line is no record
     */
    public static long countRecords(Path records) throws IOException {
        try (InputStream in = Files.newInputStream(records)) {
            return countRecords(in, records.toString());
        }
    }

    /** As {@link #countRecords(Path)}, reading {@code records} (named {@code name} in a refusal) to its end. */
    public static long countRecords(InputStream records, String name) throws IOException {
        long lines = 0;
        boolean lineEmpty = true;
        byte[] buffer = new byte[64 * 1024];
        for (int n = records.read(buffer); n != -1; n = records.read(buffer)) {
            for (int i = 0; i < n; i++) {
                byte b = buffer[i];
                if (b == '\n') {
                    lines++;
                    if (lineEmpty) {
                        throw new IOException(name + ": line " + lines + " is blank; one record per line");
                    }
                    lineEmpty = true;
                } else if (b != '\r') {
                    lineEmpty = false;
                }
            }
        }
        return lineEmpty ? lines : lines + 1;
    }

    /** Header line then the records; a missing final line feed after the last record is added. */
    public static ContentSource content(FeedHeader header, Path records) throws IOException {
        byte[] headerLine = WireJson.toLine(header);
        ContentSource body = ContentSource.of(records);
        return endsWithLineFeed(records) || Files.size(records) == 0
                ? ContentSource.concat(headerLine, body)
                : ContentSource.concat(headerLine, ContentSource.append(body, new byte[] {'\n'}));
    }

    private static boolean endsWithLineFeed(Path file) throws IOException {
        try (var channel = Files.newByteChannel(file)) {
            long size = channel.size();
            if (size == 0) {
                return false;
            }
            channel.position(size - 1);
            ByteBuffer last = ByteBuffer.allocate(1);
            channel.read(last);
            return last.get(0) == '\n';
        }
    }
}
