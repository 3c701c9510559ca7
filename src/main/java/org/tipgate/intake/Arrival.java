package org.tipgate.intake;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tipgate.crypto.SealedSpool;
import org.tipgate.directory.AccountFolder;
import org.tipgate.format.Channel;

/**
 * Something brought to the gateway that may be a feed, by one of the three channels: an upload to
 * the embedded SFTP server ({@link Upload}), a file from a sender's own SFTP outbox ({@link Polled}),
 * a post to the HTTPS API ({@link Posted}). The {@code feed-intake} flow takes each the same way.
 */
public sealed interface Arrival permits Arrival.Upload, Arrival.Posted, Arrival.Polled {

    String agency();

    Channel channel();

    /** The name the sender gave it, if any (an SFTP file name). */
    String sourceName();

    long length() throws IOException;

    InputStream open() throws IOException;

    /** Lets go of the arrival once it is recorded: the upload is removed, the scratch copy closed. */
    void release() throws IOException;

    /** Whether nothing of it is read: a post refused on its declared length alone. */
    default boolean unread() {
        return false;
    }

    /**
     * A file an agency finished uploading to the embedded SFTP server, in the gateway's hands
     * ({@link TakenUploads}): nothing the agency does under the name it used reaches it.
     *
     * @param file       where the gateway keeps the upload until it is taken in
     * @param sourceName the name the agency uploaded it under
     */
    record Upload(String agency, AccountFolder folder, Path file, String sourceName) implements Arrival {

        /** An upload kept under the name it was uploaded as. */
        public Upload(String agency, AccountFolder folder, Path file) {
            this(agency, folder, file, file.getFileName().toString());
        }

        @Override
        public Channel channel() {
            return Channel.SFTP;
        }

        @Override
        public long length() throws IOException {
            return Files.size(file);
        }

        @Override
        public InputStream open() throws IOException {
            return Files.newInputStream(file);
        }

        @Override
        public void release() throws IOException {
            Files.deleteIfExists(file);
        }
    }

    /**
     * A file taken from a sender's own SFTP outbox by the {@code sftp-poll} flow, downloaded to the
     * gateway's work folder. Releasing it removes that local copy; the file on the sender's server
     * is removed by the flow once the intake is recorded.
     *
     * @param sourceName the file's name in the sender's outbox
     */
    record Polled(String agency, Path localFile, String sourceName) implements Arrival {

        @Override
        public Channel channel() {
            return Channel.SFTP_POLL;
        }

        @Override
        public long length() throws IOException {
            return Files.size(localFile);
        }

        @Override
        public InputStream open() throws IOException {
            return Files.newInputStream(localFile);
        }

        @Override
        public void release() throws IOException {
            Files.deleteIfExists(localFile);
        }
    }

    /**
     * A feed posted to the HTTPS API, held in an encrypted scratch file while it is taken in; or,
     * when {@code body} is null, a post whose declared length ({@code Content-Length}) is over what
     * any feed may have, whose body is never read (it is refused TOO_LARGE on that length alone).
     */
    record Posted(String agency, SealedSpool body, long declaredLength) implements Arrival {

        public Posted(String agency, SealedSpool body) {
            this(agency, body, -1);
        }

        /** A post refused on its declared length: nothing of its body is read. */
        public static Posted unread(String agency, long declaredLength) {
            return new Posted(agency, null, declaredLength);
        }

        @Override
        public Channel channel() {
            return Channel.HTTPS;
        }

        @Override
        public String sourceName() {
            return null;
        }

        @Override
        public boolean unread() {
            return body == null;
        }

        @Override
        public long length() {
            return body == null ? declaredLength : body.length();
        }

        @Override
        public InputStream open() throws IOException {
            return body == null ? InputStream.nullInputStream() : body.input();
        }

        @Override
        public void release() throws IOException {
            if (body != null) {
                body.close();
            }
        }
    }
}
