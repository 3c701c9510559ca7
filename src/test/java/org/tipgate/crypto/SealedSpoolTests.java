package org.tipgate.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
