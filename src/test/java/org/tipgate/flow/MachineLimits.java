package org.tipgate.flow;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What one core of this machine can do with a feed's bytes, one pass at a time, as the machine's
 * limit for the pipeline (JMH; run by {@link PipelineBenchmark}, not a test of its own). One
 * operation is one pass over all the bytes:
 *
 * <ul>
 *   <li>{@link #sha256}: SHA-256 of the signed feed file ({@code feed}), 64 KiB updates;</li>
 *   <li>{@link #aesGcm}: AES-256-GCM encryption of the signed feed file with the JDK's cipher, 64 KiB
 *       updates into one reused buffer, then {@code doFinal};</li>
 *   <li>{@link #json}: every record line of the records file ({@code records}: the feed's content
 *       without its header line) decoded as strict UTF-8 and parsed with Jackson's {@code readTree},
 *       with the gateway's strict settings (duplicate properties and trailing tokens refused).</li>
 * </ul>
 *
 * The files are read, and the record lines split, once in {@link #load}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MachineLimits {

    static final int CHUNK = 64 * 1024;

    /** The signed feed file (CMS, DER). */
    @Param("")
    public String feed;

    /** The records file (JSON Lines) the feed was signed from. */
    @Param("")
    public String records;

    private byte[] feedBytes;
    private List<byte[]> lines;
    private SecretKey key;
    private byte[] iv;
    private long ivCounter;
    private byte[] out;
    private ObjectReader reader;
    private CharsetDecoder utf8;

    @Setup
    public void load() throws Exception {
        feedBytes = Files.readAllBytes(Path.of(feed));
        lines = splitLines(Files.readAllBytes(Path.of(records)));
        KeyGenerator generator = KeyGenerator.getInstance("AES");
        generator.init(256);
        key = generator.generateKey();
        iv = new byte[12];
        out = new byte[CHUNK + 64];
        // As org.tipgate.feed.JsonLine reads a record line.
        reader = JsonMapper.builder(JsonFactory.builder().build()).build().reader()
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
        utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    static List<byte[]> splitLines(byte[] content) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < content.length; i++) {
            if (content[i] == '\n') {
                if (i > start) {
                    lines.add(Arrays.copyOfRange(content, start, i));
                }
                start = i + 1;
            }
        }
        if (start < content.length) {
            lines.add(Arrays.copyOfRange(content, start, content.length));
        }
        return lines;
    }

    @Benchmark
    public byte[] sha256() throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (int off = 0; off < feedBytes.length; off += CHUNK) {
            digest.update(feedBytes, off, Math.min(CHUNK, feedBytes.length - off));
        }
        return digest.digest();
    }

    @Benchmark
    public int aesGcm() throws Exception {
        // A fresh IV for every pass: GCM never encrypts twice under one key and IV.
        long n = ++ivCounter;
        for (int i = 0; i < 8; i++) {
            iv[4 + i] = (byte) (n >>> (8 * i));
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
        int produced = 0;
        for (int off = 0; off < feedBytes.length; off += CHUNK) {
            produced += cipher.update(feedBytes, off, Math.min(CHUNK, feedBytes.length - off), out, 0);
        }
        produced += cipher.doFinal(out, 0);
        if (produced != feedBytes.length + 16) {
            throw new IllegalStateException("encrypted " + produced + " bytes of " + feedBytes.length);
        }
        return produced;
    }

    @Benchmark
    public void json(Blackhole blackhole) throws Exception {
        for (byte[] line : lines) {
            String text = utf8.decode(ByteBuffer.wrap(line)).toString();
            JsonNode node = reader.readTree(text);
            blackhole.consume(node);
        }
    }
}
