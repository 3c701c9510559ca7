package org.tipgate.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tipgate.crypto.Digests;
import org.tipgate.crypto.Pem;
import org.tipgate.format.RejectedException;
import org.tipgate.format.RejectionCode;
import org.tipgate.testing.OpenSsl;

class EvidenceSpoolTests {

    static final byte[] FEED = "{\"type\":\"tipgate-feed\",\"version\":1}\n{\"tipId\":\"187402213\"}\n"
            .repeat(2000).getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;
    EvidenceSpool spool;
    Path upload;

    @BeforeEach
    void spoolWithTheGatewaysKey() throws Exception {
        spool = new EvidenceSpool(dir.resolve("spool"), Pem.readCertificate(Path.of("keys-example/tipgate.crt.pem")),
                Pem.readPrivateKey(Path.of("keys-example/tipgate.key.pem")));
        upload = Files.write(dir.resolve("feed.p7m"), FEED);
    }

    @Test
    void keepsTheFeedAsReceivedEncryptedAtRestAndLeavesTheUploadForItsCallerToRemove() throws Exception {
        String sha256 = Digests.sha256Hex(upload);

        EvidenceSpool.Spooled spooled = spool.take(upload);

        assertThat(spooled.sha256()).isEqualTo(sha256);
        assertThat(spooled.bytes()).isEqualTo(FEED.length);
        // The intake removes the upload only once the spooled copy is recorded: a crash in between
        // must leave the upload to be taken again, not a spooled copy that no one knows of.
        assertThat(upload).hasBinaryContent(FEED);
        assertThat(spool.ids()).containsExactly(spooled.id());
        assertThat(new String(Files.readAllBytes(spool.file(spooled.id())), StandardCharsets.ISO_8859_1))
                .doesNotContain("tipId");
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        spool.copy(spooled.id(), back);
        assertThat(back.toByteArray()).isEqualTo(FEED);
        try (var files = Files.list(dir.resolve("spool"))) {
            assertThat(files).containsExactly(spool.file(spooled.id()));
        }
    }

    @Test
    void whoeverHoldsTheGatewaysKeyCanOpenTheEvidenceWithOpensslAlone() throws Exception {
        EvidenceSpool.Spooled spooled = spool.take(upload);

        OpenSsl.run(dir, "cms", "-decrypt", "-inform", "DER", "-in", spool.file(spooled.id()).toString(),
                "-recip", Path.of("keys-example/tipgate.crt.pem").toAbsolutePath().toString(),
                "-inkey", Path.of("keys-example/tipgate.key.pem").toAbsolutePath().toString(),
                "-out", "opened").assertSuccess();

        assertThat(dir.resolve("opened")).hasBinaryContent(FEED);
    }

    @Test
    void detectsEvidenceAlteredAtRest() throws Exception {
        EvidenceSpool.Spooled spooled = spool.take(upload);
        Path file = spool.file(spooled.id());
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);

        assertThatThrownBy(() -> spool.copy(spooled.id(), OutputStream.nullOutputStream()))
                .isInstanceOfSatisfying(RejectedException.class,
                        e -> assertThat(e.code()).isEqualTo(RejectionCode.SIGNATURE_INVALID));
    }

    @Test
    void streamsTheFeedToAReaderWithoutACopyOnDisk() throws Exception {
        EvidenceSpool.Spooled spooled = spool.take(upload);

        byte[] read = spool.read(spooled.id(), InputStream::readAllBytes);

        assertThat(read).isEqualTo(FEED);
        try (var files = Files.list(dir.resolve("spool"))) {
            assertThat(files).containsExactly(spool.file(spooled.id()));
        }
    }

    @Test
    void aReadersResultDoesNotCountWhenTheEvidenceWasAltered() throws Exception {
        EvidenceSpool.Spooled spooled = spool.take(upload);
        Path file = spool.file(spooled.id());
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);

        assertThatThrownBy(() -> spool.read(spooled.id(), InputStream::readAllBytes))
                .isInstanceOfSatisfying(RejectedException.class,
                        e -> assertThat(e.code()).isEqualTo(RejectionCode.SIGNATURE_INVALID));
    }

    /**
     * Evidence altered at rest (a byte flipped in the middle, in the content's last byte or in the
     * tag; the file cut) is refused however much of it the reader reads, and the reader's result is
     * never returned: what packaging reads back from the evidence is authenticated before it counts.
     */
    @Test
    void evidenceAlteredOrCutAtRestIsRefusedWhateverItsReaderReads() throws Exception {
        for (String alteration : List.of("middle", "last content byte", "tag", "cut by one", "cut in half")) {
            for (String reading : List.of("to the end", "exactly its length", "a part")) {
                EvidenceSpool.Spooled spooled = spool.take(upload);
                alter(spool.file(spooled.id()), alteration);

                assertThatThrownBy(() -> spool.read(spooled.id(), in -> switch (reading) {
                    case "to the end" -> in.readAllBytes();
                    case "exactly its length" -> in.readNBytes(FEED.length);
                    default -> in.readNBytes(100);
                })).as("%s, reading %s", alteration, reading).isInstanceOfSatisfying(RejectedException.class,
                        e -> assertThat(e.code()).isIn(RejectionCode.SIGNATURE_INVALID, RejectionCode.MALFORMED_CMS));
            }
        }
    }

    /** Alters a spooled file: "last content byte" is the one before the 16-byte tag and its 2-byte header. */
    static void alter(Path file, String how) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        switch (how) {
            case "middle" -> bytes[bytes.length / 2] ^= 0x01;
            case "last content byte" -> bytes[bytes.length - 19] ^= 0x01;
            case "tag" -> bytes[bytes.length - 1] ^= 0x01;
            case "cut by one" -> bytes = Arrays.copyOf(bytes, bytes.length - 1);
            case "cut in half" -> bytes = Arrays.copyOf(bytes, bytes.length / 2);
            default -> throw new IllegalArgumentException(how);
        }
        Files.write(file, bytes);
    }

    @Test
    void aReaderThatStopsEarlyGetsItsOwnFailureBack() throws Exception {
        EvidenceSpool.Spooled spooled = spool.take(upload);

        assertThatThrownBy(() -> spool.read(spooled.id(), in -> {
            in.read(new byte[100]);
            throw new RejectedException(RejectionCode.HEADER_INVALID, "the reader's own verdict");
        })).isInstanceOfSatisfying(RejectedException.class, e -> assertThat(e.reason()).isEqualTo("the reader's own verdict"));
    }

    @Test
    void namesFilesOnlyBySpoolIds() {
        assertThatThrownBy(() -> spool.file("../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
    }
}
