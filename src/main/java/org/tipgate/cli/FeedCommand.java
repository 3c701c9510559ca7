package org.tipgate.cli;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import org.tipgate.crypto.AgencyNames;
import org.tipgate.crypto.CmsSigner;
import org.tipgate.crypto.ContentSource;
import org.tipgate.directory.AgencyDirectory;
import org.tipgate.directory.DirectoryException;
import org.tipgate.directory.LgdTables;
import org.tipgate.feed.DirectorySenders;
import org.tipgate.feed.FeedAssembler;
import org.tipgate.feed.FeedContentListener;
import org.tipgate.feed.FeedContentReader;
import org.tipgate.feed.FeedLimits;
import org.tipgate.feed.FeedVerifier.VerifiedFeed;
import org.tipgate.feed.FeedVerifier;
import org.tipgate.feed.SenderBinding;
import org.tipgate.format.Ack;
import org.tipgate.format.FeedHeader;
import org.tipgate.record.RecordValidator;
import org.tipgate.synthetic.FeedGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "feed", description = "Tip feeds: generate, sign, verify.",
        subcommands = {FeedCommand.Generate.class, FeedCommand.Sign.class, FeedCommand.Verify.class})
final class FeedCommand {

    @Command(name = "generate", description = "Write realistic synthetic tip records (JSON Lines, no header): "
            + "fictional people, TEST-NET addresses, random hashes; some deliberately unroutable.")
    static final class Generate implements Callable<Integer> {

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--records", required = true, paramLabel = "N")
        long records;

        @Option(names = "--out", converter = FileOptions.Output.class, required = true, paramLabel = "FILE")
        Path out;

        @Option(names = "--seed", paramLabel = "S", description = "Same seed, same records (default: random, printed).")
        Long seed;

        @Override
        public Integer call() throws Exception {
            if (records < 0) {
                throw new ParameterException(spec.commandLine(), "--records must not be negative, was " + records);
            }
            long effectiveSeed = seed != null ? seed : new SecureRandom().nextLong();
            Progress progress = new Progress("feed generate", records, "records");
            AtomicOutput.write(out, file -> {
                OutputStream counted = progress.linesWritten(file);
                new FeedGenerator(LgdTables.bundled()).write(effectiveSeed, records, counted);
                counted.flush();
                return null;
            });
            progress.finish();
            System.out.printf("wrote %,d records to %s (seed %d)%n", records, out, effectiveSeed);
            return 0;
        }
    }

    @Command(name = "sign", description = "Add the feed header (feed id, sender from the certificate's CN, "
            + "record count) and sign: CMS SignedData, attached, DER.")
    static final class Sign implements Callable<Integer> {

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--in", converter = FileOptions.Input.class, required = true, paramLabel = "FILE",
                description = "Records, one JSON object per line.")
        Path in;

        @Option(names = "--out", converter = FileOptions.Output.class, required = true, paramLabel = "FEED.p7m")
        Path out;

        @Option(names = "--feed-id", paramLabel = "ID", description = "Default: <sender>-<UTC time>.")
        String feedId;

        @Mixin
        Credentials credentials;

        @Override
        public Integer call() throws Exception {
            var cert = credentials.certificate();
            String sender = AgencyNames.agencyId(cert);
            if (sender == null) {
                throw new ParameterException(spec.commandLine(), "--cert: the certificate's subject has no single CN "
                        + "to name the sending agency");
            }
            Instant now = Clock.systemUTC().instant();
            String id = feedId != null ? feedId : FeedAssembler.defaultFeedId(sender, now);
            if (!id.matches(FeedHeader.FEED_ID_PATTERN)) {
                throw new ParameterException(spec.commandLine(), "--feed-id must match " + FeedHeader.FEED_ID_PATTERN);
            }
            // Three passes over the records: count them for the header, digest the content, write it.
            Progress progress = Progress.ofPasses("feed sign", 3, "bytes");
            progress.pass("counting the records", Files.size(in));
            long count;
            try (InputStream records = progress.bytesRead(Files.newInputStream(in))) {
                count = FeedAssembler.countRecords(records, in.toString());
            }
            FeedHeader header = FeedHeader.of(id, sender, now.truncatedTo(ChronoUnit.SECONDS).toString(),
                    count);
            ContentSource content = FeedAssembler.content(header, in);
            ContentSource counted = new ContentSource() {
                private int opened;

                @Override
                public long length() throws IOException {
                    return content.length();
                }

                @Override
                public InputStream open() throws IOException {
                    progress.pass(opened++ == 0 ? "digesting" : "writing the signed feed", content.length());
                    return progress.bytesRead(content.open());
                }
            };
            CmsSigner signer = new CmsSigner(credentials.privateKey(), cert, credentials.chain(), Clock.systemUTC());
            AtomicOutput.write(out, target -> {
                signer.sign(counted, target);
                return null;
            });
            progress.finish();
            System.out.printf("feed %s from %s: %,d records signed into %s%n", id, sender, count, out);
            return 0;
        }
    }

    @Command(name = "verify", description = "The gateway's own verification and validation, offline: prints "
            + "the rejection code, or the counts.")
    static final class Verify implements Callable<Integer> {

        @Option(names = "--in", converter = FileOptions.Input.class, required = true, paramLabel = "FEED.p7m")
        Path in;

        @Mixin
        TrustOptions trust;

        @Option(names = "--directory", defaultValue = "config/agencies.yaml", paramLabel = "FILE",
                description = "The agency directory that binds senders to their certificates (default: "
                        + "${DEFAULT-VALUE}; relative paths in it are relative to the working directory).")
        Path directory;

        @Option(names = "--any-sender", description = "Check without an agency directory: any agency whose "
                + "certificate chains to --trust may send, named by its certificate's CN (e.g. at the sender's site).")
        boolean anySender;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        /**
         * What only the gateway can decide, from what it has taken in before: said after the counts,
         * so that "ACCEPTED" here is not read as the gateway's final answer.
         */
        static final String NOT_CHECKED = "not checked offline: whether the gateway has taken in this feed before "
                + "(a replay, by its feed id or its bytes) and routing (where each record goes, which records are "
                + "quarantined as unroutable, which tips earlier feeds already delivered); the gateway decides both "
                + "when it takes the feed in";

        @Override
        public Integer call() throws Exception {
            FeedVerifier verifier = new FeedVerifier(trust.verifier(true),
                    new FeedContentReader(new RecordValidator(), FeedLimits.defaults()), senders());
            Progress progress = new Progress("feed verify", Files.size(in), "bytes");
            VerifiedFeed feed;
            try (InputStream file = new BufferedInputStream(Files.newInputStream(in), 1 << 16)) {
                feed = verifier.verify(progress.bytesRead(file), FeedContentListener.NONE);
            }
            progress.finish();
            print(feed);
            if (feed.status() == Ack.Status.ACCEPTED) {
                return 0;
            }
            System.err.printf("%s: %d of %d records refused%n", feed.status(), feed.content().rejected(),
                    feed.content().records());
            return TipGateCommand.REJECTED;
        }

        private SenderBinding senders() {
            if (anySender) {
                return SenderBinding.byCommonName();
            }
            if (!Files.exists(directory)) {
                AgencyDirectory.formerLocation(Path.of(""), directory).ifPresent(moved -> {
                    throw new ParameterException(spec.commandLine(), "--directory " + directory + ": no such file; "
                            + moved);
                });
            }
            if (!Files.isRegularFile(directory)) {
                throw new ParameterException(spec.commandLine(), "--directory " + directory + ": "
                        + (Files.isDirectory(directory) ? "is a directory, not the directory file" : "no such file")
                        + "; give --directory FILE, or --any-sender to check without an agency directory");
            }
            try {
                return new DirectorySenders(AgencyDirectory.load(directory, Path.of("."), LgdTables.bundled(),
                        Clock.systemUTC()));
            } catch (DirectoryException e) {
                int more = e.findings().size() - 1;
                throw new ParameterException(spec.commandLine(), "--directory " + directory + " is not valid: "
                        + (more < 0 ? e.getMessage() : e.findings().get(0))
                        + (more <= 0 ? "" : " (and " + more + " more findings)")
                        + "; tipgate directory check --file " + directory + " lists every finding");
            }
        }

        private static void print(VerifiedFeed feed) {
            var header = feed.content().header();
            var signature = feed.signature();
            System.out.printf("feed %s from %s: signature valid (%s, %s, signed %s by %s)%n", header.feedId(),
                    header.sender(), signature.signatureAlgorithm(), signature.digestAlgorithm(),
                    signature.signingTime(), signature.signer().getSubjectX500Principal().getName());
            System.out.printf("status %s: records %d, accepted %d, rejected %d%n", feed.status(),
                    feed.content().records(), feed.content().accepted(), feed.content().rejected());
            System.out.println(NOT_CHECKED);
            for (Ack.Rejection rejection : feed.content().rejections()) {
                System.out.printf("line %d tipId %s: %s %s%n", rejection.line(), rejection.tipId(), rejection.code(),
                        rejection.reason());
            }
            if (feed.content().rejectionsTruncated()) {
                System.out.printf("... and %d more rejected records%n",
                        feed.content().rejected() - feed.content().rejections().size());
            }
        }
    }
}
