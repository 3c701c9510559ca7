package org.tipgate.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Signing and verifying stream: 1 GiB through a JVM limited to 256 MiB of heap. Run with -Pheavy. */
@Tag("heavy")
class StreamingMemoryTests {

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void signsAndVerifiesOneGibibyteInA256MebibyteHeap() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                StreamingCheck.class.getName()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();

        System.out.println(output);
        assertThat(exit).as(output).isZero();
        assertThat(output).contains("OK: the sink saw the signed content byte for byte");
    }
}
