package org.tipgate.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.crypto.io.InvalidCipherTextIOException;
import org.junit.jupiter.api.Test;

class SealedSpoolTests {

    static final byte[] TIPS = "{\"tipId\":\"187402213\",\"screenName\":\"quietfalcon482\"}\n".repeat(1000)
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void givesBackWhatWasWrittenWithoutEverHoldingItInPlaintextOnDisk() throws Exception {
        try (SealedSpool spool = SealedSpool.create()) {
            try (OutputStream out = spool.output()) {
                out.write(TIPS);
            }

            String onDisk = new String(Files.readAllBytes(spool.file()), StandardCharsets.ISO_8859_1);
            assertThat(onDisk).doesNotContain("tipId").doesNotContain("quietfalcon482");
            assertThat(spool.length()).isEqualTo(TIPS.length);
            try (InputStream in = spool.input()) {
                assertThat(in.readAllBytes()).isEqualTo(TIPS);
            }
        }
    }

    @Test
    void refusesToBeWrittenTwiceSinceItsKeyAndNonceAreSingleUse() throws Exception {
        try (SealedSpool spool = SealedSpool.create()) {
            spool.output().close();

            assertThatThrownBy(spool::output).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void detectsAFileAlteredWhileItWaited() throws Exception {
        try (SealedSpool spool = SealedSpool.create()) {
            try (OutputStream out = spool.output()) {
                out.write(TIPS);
            }
            byte[] bytes = Files.readAllBytes(spool.file());
            bytes[100] ^= 1;
            Files.write(spool.file(), bytes);

            assertThatThrownBy(() -> {
                try (InputStream in = spool.input()) {
                    in.readAllBytes();
                }
            }).isInstanceOf(IOException.class);
        }
    }

    @Test
    void deletesItsFileOnClose() throws Exception {
        SealedSpool spool = SealedSpool.create();
        Path file = spool.file();

        spool.close();

        assertThat(file).doesNotExist();
    }

    @Test
    void detectsAFileCutShortOrGrownWhileItWaited() throws Exception {
        try (SealedSpool spool = SealedSpool.create()) {
            try (OutputStream out = spool.output()) {
                out.write(TIPS);
            }
            byte[] bytes = Files.readAllBytes(spool.file());

            for (byte[] altered : new byte[][] {
                    Arrays.copyOf(bytes, bytes.length - 1),
                    Arrays.copyOf(bytes, bytes.length + 1),
                    Arrays.copyOf(bytes, 10)}) {
                Files.write(spool.file(), altered);
                assertThatThrownBy(() -> {
                    try (InputStream in = spool.input()) {
                        in.readAllBytes();
                    }
                }).isInstanceOf(IOException.class);
            }
        }
    }

    /**
     * Every way a reader may read a spool (to its end; exactly its length, line by line, as packaging
     * reads a staged share; a part, then closing it) fails on a file altered in the middle or near
     * its end, or cut, and the failure names the file. Nothing read that way may be used.
     */
    @Test
    void refusesAnAlteredOrCutFileWhateverLengthItsReaderReads() throws Exception {
        int line = 52;
        for (String alteration : List.of("middle", "last content byte", "tag", "cut by one", "cut in half")) {
            for (String reading : List.of("to the end", "its length, line by line", "a part, then close")) {
                try (SealedSpool spool = SealedSpool.create()) {
                    try (OutputStream out = spool.output()) {
                        out.write(TIPS);
                    }
                    alter(spool.file(), alteration);

                    assertThatThrownBy(() -> {
                        try (InputStream in = spool.input()) {
                            switch (reading) {
                                case "to the end" -> in.readAllBytes();
                                case "its length, line by line" -> {
                                    for (int read = 0; read < TIPS.length; read += line) {
                                        in.readNBytes(line);
                                    }
                                }
                                default -> in.readNBytes(TIPS.length / 3);
                            }
                        }
                    }).as("%s, reading %s", alteration, reading).isInstanceOf(InvalidCipherTextIOException.class)
                            .hasMessageContaining(spool.file().toString());
                }
            }
        }
    }

    static void alter(Path file, String how) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        switch (how) {
            case "middle" -> bytes[bytes.length / 2] ^= 0x01;
            case "last content byte" -> bytes[bytes.length - 17] ^= 0x01;
            case "tag" -> bytes[bytes.length - 1] ^= 0x01;
            case "cut by one" -> bytes = Arrays.copyOf(bytes, bytes.length - 1);
            case "cut in half" -> bytes = Arrays.copyOf(bytes, bytes.length / 2);
            default -> throw new IllegalArgumentException(how);
        }
        Files.write(file, bytes);
    }
}
