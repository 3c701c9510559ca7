package org.tipgate.keys;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;

/**
 * An agency's SFTP login key: a key pair of its own (ecdsa-sha2-nistp256), separate from the
 * certificate key so that a leaked login key cannot sign feeds or open packages.
 */
final class DemoSshKeys {

    private DemoSshKeys() {
    }

    /** {@code <id>.ssh} (OpenSSH format, unencrypted, 0600) and {@code <id>.ssh.pub} (authorized_keys line). */
    static void write(DemoPkiFiles files, String id) throws IOException {
        KeyPair pair = KeyKind.EC_P256.generate();
        ByteArrayOutputStream privateKey = new ByteArrayOutputStream();
        ByteArrayOutputStream publicKey = new ByteArrayOutputStream();
        try {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, id, null, privateKey);
            OpenSSHKeyPairResourceWriter.INSTANCE.writePublicKey(pair.getPublic(), id, publicKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encode the OpenSSH key of " + id, e);
        }
        files.secret(id + ".ssh", privateKey.toByteArray());
        // One complete authorized_keys line: the writer leaves the newline off.
        files.text(id + ".ssh.pub", publicKey.toString(StandardCharsets.US_ASCII).strip() + "\n");
    }
}
