package org.tipgate.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
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

/** Delivering into a local folder the agency collects from. */
class DirectoryTransportTests {

    static final String NAME = "PKG-0001.p7m";

    @TempDir
    Path base;
    Path pkg;
    DirectoryTransport transport;
    Endpoint endpoint = Recipients.directory("data/outbox/mp-scc");

    @BeforeEach
    void setUp() throws IOException {
        pkg = Recipients.packageFile(base.resolve("spool"), NAME, 1024 * 1024 + 3, 11);
        transport = new DirectoryTransport(base);
    }

    @Test
    void deliversIntoTheAgencysFolderMadeIfMissingUnderThePackagesName() throws Exception {
        Delivered delivered = deliver();

        Path target = base.resolve("data/outbox/mp-scc/" + NAME);
        assertThat(target).hasSameBinaryContentAs(pkg);
        assertThat(names()).containsExactly(NAME);
        assertThat(delivered.where()).isEqualTo(target.toAbsolutePath().toString());
        assertThat(delivered.response()).isEmpty();
    }

    @Test
    void aCollectorWatchingTheFolderSeesThePackageOnlyCompleteAndTheTemporaryFileOnlyHidden() throws Exception {
        Path big = Recipients.packageFile(base.resolve("spool"), "big.p7m", 48 * 1024 * 1024, 12);
        Path folder = Files.createDirectories(base.resolve("data/outbox/mp-scc"));
        Set<String> seen = ConcurrentHashMap.newKeySet();
        AtomicLong smallestSeen = new AtomicLong(Long.MAX_VALUE);
        AtomicBoolean done = new AtomicBoolean();
        Thread collector = new Thread(() -> {
            // One more look once the delivery has returned, so that the finished file is always seen.
            for (boolean last = false; !last; ) {
                last = done.get();
                try (Stream<Path> files = Files.list(folder)) {
                    for (Path file : files.toList()) {
                        seen.add(file.getFileName().toString());
                        if (file.getFileName().toString().equals(NAME)) {
                            smallestSeen.accumulateAndGet(Files.size(file), Math::min);
                        }
                    }
                } catch (NoSuchFileException gone) {
                    // a temporary file renamed away between listing and looking
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
        assertThat(seen).allMatch(name -> name.equals(NAME) || name.startsWith("." + NAME + ".") && name.endsWith(".part"));
        assertThat(names()).containsExactly(NAME);
    }

    @Test
    void theSamePackageDeliveredAgainAfterACrashSucceedsWithoutRewritingTheFile() throws Exception {
        deliver();
        Path target = base.resolve("data/outbox/mp-scc/" + NAME);
        FileTime longAgo = FileTime.fromMillis(0);
        Files.setLastModifiedTime(target, longAgo);
        Object identity = Files.readAttributes(target, BasicFileAttributes.class).fileKey();

        Delivered again = deliver();

        assertThat(again.where()).isEqualTo(target.toAbsolutePath().toString());
        assertThat(target).hasSameBinaryContentAs(pkg);
        assertThat(Files.getLastModifiedTime(target)).isEqualTo(longAgo);
        assertThat(Files.readAttributes(target, BasicFileAttributes.class).fileKey())
                .isEqualTo(identity);
        assertThat(names()).containsExactly(NAME);
    }

    @Test
    void whatACrashedAttemptLeftHiddenIsRemovedByTheNextAttemptAtThatPackage() throws Exception {
        Path folder = Files.createDirectories(base.resolve("data/outbox/mp-scc"));
        Path halfWritten = Files.write(folder.resolve("." + NAME + ".82752a360af865c1.part"), new byte[100]);
        Path otherPackages = Files.write(folder.resolve(".other.p7m.82752a360af865c1.part"), new byte[100]);

        deliver();

        assertThat(halfWritten).doesNotExist();
        assertThat(otherPackages).exists();
        assertThat(folder.resolve(NAME)).hasSameBinaryContentAs(pkg);
    }

    @Test
    void anotherFileUnderThePackagesNameIsAConflictThatIsNotRetriedAndIsLeftAsItIs() throws Exception {
        Path folder = Files.createDirectories(base.resolve("data/outbox/mp-scc"));
        Path existing = Files.writeString(folder.resolve(NAME), "someone else's file");

        assertThatThrownBy(this::deliver)
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("conflict").hasMessageContaining(NAME);
        assertThat(existing).hasContent("someone else's file");
        assertThat(names()).containsExactly(NAME);
    }

    @Test
    void aFolderThatCannotBeMadeIsRetryableSinceAnOperatorCanFixIt() throws Exception {
        Files.createDirectories(base.resolve("data/outbox"));
        Files.writeString(base.resolve("data/outbox/mp-scc"), "a file where the folder should be");

        assertThatThrownBy(this::deliver)
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isTrue());

        Files.delete(base.resolve("data/outbox/mp-scc"));
        deliver();
        assertThat(base.resolve("data/outbox/mp-scc/" + NAME)).hasSameBinaryContentAs(pkg);
    }

    @Test
    void anAbsoluteFolderIsUsedAsItIs(@TempDir Path elsewhere) throws Exception {
        Endpoint absolute = Recipients.directory(elsewhere.resolve("mp-scc").toString());

        transport.deliver(Recipients.agency(absolute), absolute, NAME, pkg);

        assertThat(elsewhere.resolve("mp-scc/" + NAME)).hasSameBinaryContentAs(pkg);
    }

    @Test
    void refusesAFileNameThatIsNotPlain() {
        assertThatThrownBy(() -> transport.deliver(Recipients.agency(endpoint), endpoint, "../escaped.p7m", pkg))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isFalse());
        assertThat(base.resolve("data/outbox/escaped.p7m")).doesNotExist();
    }

    private Delivered deliver() throws DeliveryException {
        return transport.deliver(Recipients.agency(endpoint), endpoint, NAME, pkg);
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(base.resolve("data/outbox/mp-scc"))) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
