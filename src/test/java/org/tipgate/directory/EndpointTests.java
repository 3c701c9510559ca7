package org.tipgate.directory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Where a polled sender's acks go when its directory entry does not say. */
class EndpointTests {

    @Test
    void acksGoBesideTheOutboxUnlessAckDirSaysWhere() {
        assertThat(outbox("outbox", null).acksFolder()).isEqualTo("acks");
        assertThat(outbox("outbox/", null).acksFolder()).isEqualTo("acks");
        assertThat(outbox("/data/ncrb/out", null).acksFolder()).isEqualTo("/data/ncrb/acks");
        assertThat(outbox("to-gateway/feeds", null).acksFolder()).isEqualTo("to-gateway/acks");
        assertThat(outbox("/outbox", null).acksFolder()).isEqualTo("/acks");
        assertThat(outbox("outbox", "/srv/tipgate/answers").acksFolder()).isEqualTo("/srv/tipgate/answers");
    }

    @Test
    void anOutboxWithoutAFolderBesideItHasNoDefaultAckFolder() {
        assertThat(outbox("/", null).acksFolder()).isNull();
        assertThat(outbox(".", null).acksFolder()).isNull();
        assertThat(outbox("feeds/..", null).acksFolder()).isNull();
    }

    private static Endpoint outbox(String remoteDir, String ackDir) {
        return new Endpoint(Endpoint.Type.SFTP, null, "sftp.ncrb.example", 22, "tipgate", remoteDir,
                "pins/ncrb.known_hosts", null, ackDir);
    }
}
