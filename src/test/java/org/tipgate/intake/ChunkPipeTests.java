package org.tipgate.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** The hand-over of an upload's bytes from the SFTP server's thread to the verifying thread. */
class ChunkPipeTests {

    @Test
    void theReaderGetsTheBytesInOrderAndThenTheEnd() throws Exception {
        ChunkPipe pipe = new ChunkPipe(Duration.ofSeconds(5));
        byte[] data = "header\nrecord one\nrecord two\n".getBytes(StandardCharsets.UTF_8);

        assertThat(pipe.handOver(Arrays.copyOfRange(data, 0, 7))).isTrue();
        assertThat(pipe.handOver(new byte[0])).isTrue();
        assertThat(pipe.handOver(Arrays.copyOfRange(data, 7, data.length))).isTrue();
        pipe.end();

        assertThat(pipe.readAllBytes()).isEqualTo(data);
        assertThat(pipe.read()).isEqualTo(-1);
    }

    @Test
    void aFullPipeHoldsTheWriterBackUntilTheReaderCatchesUp() throws Exception {
        ChunkPipe pipe = new ChunkPipe(Duration.ofSeconds(5));
        byte[] chunk = new byte[1024];
        for (int i = 0; i < ChunkPipe.CHUNKS; i++) {
            assertThat(pipe.handOver(chunk.clone())).isTrue();
        }

        CompletableFuture<Boolean> blocked = CompletableFuture.supplyAsync(() -> write(pipe, chunk));
        assertThatThrownBy(() -> blocked.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);

        assertThat(pipe.read(new byte[chunk.length])).isEqualTo(chunk.length);
        assertThat(blocked.get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aReaderThatStopsLetsAWaitingWriterGoAndDropsWhatComesAfter() throws Exception {
        ChunkPipe pipe = new ChunkPipe(Duration.ofSeconds(5));
        byte[] chunk = new byte[1024];
        for (int i = 0; i < ChunkPipe.CHUNKS; i++) {
            pipe.handOver(chunk.clone());
        }
        CompletableFuture<Boolean> blocked = CompletableFuture.supplyAsync(() -> write(pipe, chunk));

        pipe.close();

        assertThat(blocked.get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(pipe.handOver(chunk.clone())).isFalse();
    }

    @Test
    void aWriterThatClosesThePipeWakesAWaitingReaderWithAnError() throws Exception {
        ChunkPipe pipe = new ChunkPipe(Duration.ofSeconds(30));
        CompletableFuture<Integer> reading = CompletableFuture.supplyAsync(() -> {
            try {
                return pipe.read(new byte[16]);
            } catch (IOException e) {
                return -2;
            }
        });
        Thread.sleep(100);

        pipe.close();

        assertThat(reading.get(5, TimeUnit.SECONDS)).isEqualTo(-2);
        assertThatThrownBy(pipe::read).isInstanceOf(IOException.class);
    }

    @Test
    void aReaderGivesUpOnAWriterSilentForTooLong() {
        ChunkPipe pipe = new ChunkPipe(Duration.ofMillis(200));

        assertThatThrownBy(pipe::read).isInstanceOf(IOException.class).hasMessageContaining("no bytes came for");
    }

    private static boolean write(ChunkPipe pipe, byte[] chunk) {
        try {
            return pipe.handOver(chunk.clone());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
