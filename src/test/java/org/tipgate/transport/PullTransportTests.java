package org.tipgate.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tipgate.directory.Endpoint;
import org.tipgate.testing.Recipients;
import org.tipgate.transport.PackageTransport.Delivered;

/** Putting a package in the outbox/ of the recipient's own account on the embedded SFTP server. */
class PullTransportTests {

    static final String NAME = "PKG-0001.p7m";

    @TempDir
    Path base;
    Path sftpRoot;
    Path outbox;
    Path pkg;
    Set<String> collected = ConcurrentHashMap.newKeySet();
    PullTransport transport;
    Endpoint endpoint = Recipients.pull();

    @BeforeEach
    void setUp() throws IOException {
        sftpRoot = base.resolve("sftp");
        outbox = Files.createDirectories(sftpRoot.resolve("mp-scc/outbox"));
        pkg = Recipients.packageFile(base.resolve("packages"), NAME, 1024 * 1024 + 3, 11);
        transport = new PullTransport(sftpRoot, (agency, file) -> collected.contains(agency + "/" + file));
    }

    @Test
    void putsThePackageInTheAgencysOwnOutboxUnderItsName() throws Exception {
        Delivered delivered = deliver();

        assertThat(outbox.resolve(NAME)).hasSameBinaryContentAs(pkg);
        assertThat(names(outbox)).containsExactly(NAME);
        assertThat(delivered.where()).isEqualTo("sftp-account:mp-scc/outbox/" + NAME);
        assertThat(delivered.response()).isEmpty();
    }

    @Test
    void theAccountNeverHoldsAPartialPackageNorItsTemporaryFile() throws Exception {
        Path big = Recipients.packageFile(base.resolve("packages"), "big.p7m", 48 * 1024 * 1024, 12);
        Set<String> seen = ConcurrentHashMap.newKeySet();
        AtomicLong smallestSeen = new AtomicLong(Long.MAX_VALUE);
        AtomicBoolean done = new AtomicBoolean();
        Thread collector = new Thread(() -> {
            for (boolean last = false; !last; ) {
                last = done.get();
                try (Stream<Path> files = Files.walk(sftpRoot.resolve("mp-scc"))) {
                    for (Path file : files.filter(Files::isRegularFile).toList()) {
                        seen.add(sftpRoot.resolve("mp-scc").relativize(file).toString());
                        if (file.getFileName().toString().equals(NAME)) {
                            smallestSeen.accumulateAndGet(Files.size(file), Math::min);
                        }
                    }
                } catch (NoSuchFileException | UncheckedIOException gone) {
                    // looked at while it changed: look again
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        collector.start();
        try {
            transport.deliver(Recipients.agency(endpoint), endpoint, NAME, big);
        } finally {
            done.set(true);
            collector.join();
        }

        assertThat(smallestSeen.get()).isEqualTo(Files.size(big));
        assertThat(seen).containsExactly("outbox/" + NAME);
        assertThat(names(sftpRoot.resolve(PullTransport.STAGING).resolve("mp-scc"))).isEmpty();
    }

    @Test
    void theSamePackageAgainAfterACrashCountsAsPlacedWithoutRewritingIt() throws Exception {
        deliver();
        Object identity = Files.readAttributes(outbox.resolve(NAME), BasicFileAttributes.class).fileKey();

        Delivered again = deliver();

        assertThat(again.where()).isEqualTo("sftp-account:mp-scc/outbox/" + NAME);
        assertThat(Files.readAttributes(outbox.resolve(NAME), BasicFileAttributes.class).fileKey()).isEqualTo(identity);
        assertThat(outbox.resolve(NAME)).hasSameBinaryContentAs(pkg);
        assertThat(names(outbox)).containsExactly(NAME);
    }

    @Test
    void aPackageTheRecipientHasCollectedAndRemovedIsNotPutThereAgain() throws Exception {
        deliver();
        collected.add("mp-scc/" + NAME);
        Files.delete(outbox.resolve(NAME));

        deliver();

        assertThat(names(outbox)).isEmpty();
    }

    @Test
    void anotherFileUnderThePackagesNameIsAConflictThatIsNotRetriedAndIsLeftAsItIs() throws Exception {
        Path existing = Files.writeString(outbox.resolve(NAME), "someone else's file");

        assertThatThrownBy(this::deliver)
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("conflict").hasMessageContaining(NAME);
        assertThat(existing).hasContent("someone else's file");
    }

    @Test
    void whatACrashedAttemptLeftInStagingIsRemovedByTheNextAttemptAtThatPackage() throws Exception {
        Path staging = Files.createDirectories(sftpRoot.resolve(PullTransport.STAGING).resolve("mp-scc"));
        Path halfWritten = Files.write(staging.resolve("." + NAME + ".82752a360af865c1.part"), new byte[100]);
        Path otherPackages = Files.write(staging.resolve(".other.p7m.82752a360af865c1.part"), new byte[100]);

        deliver();

        assertThat(halfWritten).doesNotExist();
        assertThat(otherPackages).exists();
        assertThat(outbox.resolve(NAME)).hasSameBinaryContentAs(pkg);
    }

    @Test
    void anAccountWithoutItsOutboxFolderIsRetryableAndNoFolderIsMadeForIt() throws Exception {
        Files.delete(outbox);

        assertThatThrownBy(this::deliver)
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isTrue())
                .hasMessageContaining("no outbox folder");
        assertThat(outbox).doesNotExist();
    }

    @Test
    void refusesAFileNameThatIsNotPlain() {
        assertThatThrownBy(() -> transport.deliver(Recipients.agency(endpoint), endpoint, "../escaped.p7m", pkg))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isFalse());
        assertThat(sftpRoot.resolve("mp-scc/escaped.p7m")).doesNotExist();
    }

    private Delivered deliver() throws DeliveryException {
        return transport.deliver(Recipients.agency(endpoint), endpoint, NAME, pkg);
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
