package org.tipgate.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tipgate.events.EventLog;
import org.tipgate.events.EventType;
import org.tipgate.testing.Curl;
import org.tipgate.testing.TestPki;

/**
 * Who may use the API: a national sender's listed certificate only. Everyone else is refused
 * before any resource runs, and each refusal by the API leaves an AUTHENTICATION_FAILED event.
 */
class ApiAuthenticationTests extends ApiHarness {

    @Test
    void aStateAgencyMayNotPostFeedsAndTheRefusalIsRecorded() throws Exception {
        int before = refusals().size();

        Curl.Result answer = post("mp-scc", bodyFile("from-state", 100));

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.text()).contains("national sender");
        assertThat(fake.received()).isEmpty();
        List<EventLog.Recorded> events = refusalsAfter(before);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).event().type()).isEqualTo(EventType.AUTHENTICATION_FAILED);
        assertThat(events.get(0).event().actor()).isEqualTo("mp-scc");
        assertThat(events.get(0).event().outcome()).isEqualTo("403");
        assertThat(events.get(0).event().detail()).containsEntry("method", "POST")
                .containsEntry("path", "/api/v1/feeds").containsEntry("certificateSha256", fingerprint("mp-scc"))
                .containsEntry("reason", "role STATE_NODAL is not a national sender");
    }

    @Test
    void aRefusedClientSendingALargeBodyStillGetsItsAnswer() throws Exception {
        Path large = bodyFile("large-refused", 50 << 20);

        Curl.Result answer = curl(withCertificate("mp-scc", "-X", "POST", "-T", large.toString(), "-H", PKCS7,
                url("/api/v1/feeds")));

        assertThat(answer.exit()).as(answer.stderr()).isZero();
        assertThat(answer.status()).isEqualTo(403);
        assertThat(fake.received()).isEmpty();
    }

    @Test
    void otherRolesMayNotReadFeedsEither() throws Exception {
        String feedId = fake.acceptedFrom("ncrb");
        int before = refusals().size();

        for (String agency : List.of("mp-indore", "auditor", "tipgate")) {
            assertThat(as(agency, url("/api/v1/feeds/" + feedId)).status()).as(agency).isEqualTo(403);
            assertThat(as(agency, url("/api/v1/feeds/" + feedId + "/acks/RECEIVED")).status()).as(agency)
                    .isEqualTo(403);
        }

        assertThat(fake.lookups()).isEmpty();
        assertThat(refusalsAfter(before)).extracting(r -> r.event().actor() + " " + r.event().outcome() + " "
                + r.event().detail().get("method") + " " + r.event().detail().get("path")).containsExactly(
                "mp-indore 403 GET /api/v1/feeds/{feedId}", "mp-indore 403 GET /api/v1/feeds/{feedId}/acks/{stage}",
                "auditor 403 GET /api/v1/feeds/{feedId}", "auditor 403 GET /api/v1/feeds/{feedId}/acks/{stage}",
                "tipgate 403 GET /api/v1/feeds/{feedId}", "tipgate 403 GET /api/v1/feeds/{feedId}/acks/{stage}");
    }

    @Test
    void withoutAClientCertificateARequestIs401AndRecorded() throws Exception {
        int before = refusals().size();

        Curl.Result answer = anonymously("--data-binary", "@" + bodyFile("anonymous", 100), "-H", PKCS7,
                url("/api/v1/feeds"));

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.text()).contains("client certificate");
        assertThat(fake.received()).isEmpty();
        List<EventLog.Recorded> events = refusalsAfter(before);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).event().actor()).isEqualTo("unknown");
        assertThat(events.get(0).event().outcome()).isEqualTo("401");
        assertThat(events.get(0).event().detail()).isEqualTo(Map.of("method", "POST", "path", "/api/v1/feeds",
                "reason", "no client certificate"));
    }

    @Test
    void noHeaderStandsInForTheClientCertificate() throws Exception {
        String pem = Files.readString(Path.of("keys-example/ncrb.crt.pem")).replace("\n", " ");

        Curl.Result answer = anonymously("--data-binary", "@" + bodyFile("header-cert", 100), "-H", PKCS7,
                "-H", "X-SSL-Client-Cert: " + pem, "-H", "SSL_CLIENT_CERT: " + pem, "-H", "X-Client-Cert: " + pem,
                "-H", "X-Forwarded-Client-Cert: Hash=" + fingerprint("ncrb") + ";Subject=\"CN=ncrb\"",
                "-H", "Authorization: Basic bmNyYjpuY3Ji", url("/api/v1/feeds"));

        assertThat(answer.status()).isEqualTo(401);
        assertThat(fake.received()).isEmpty();
    }

    @Test
    void aCertificateTheDirectoryDoesNotListIs401EvenFromTheTrustedCaAndInTheSendersName() throws Exception {
        int before = refusals().size();

        // CN=ncrb, issued by the demo CA, but not the certificate the directory lists for ncrb.
        Curl.Result answer = curl(withCertificate("ncrb-revoked", "--data-binary", "@" + bodyFile("unlisted", 100),
                "-H", PKCS7, url("/api/v1/feeds")));

        assertThat(answer.status()).isEqualTo(401);
        assertThat(fake.received()).isEmpty();
        List<EventLog.Recorded> events = refusalsAfter(before);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).event().actor()).isEqualTo("unknown");
        assertThat(events.get(0).event().detail()).containsEntry("certificateSha256", fingerprint("ncrb-revoked"))
                .containsEntry("reason", "certificate not listed in the agency directory");
    }

    @Test
    void aCertificateFromAnotherCaIsRefusedInTheTlsHandshake() throws Exception {
        Path dir = WORK.resolve("rogue");
        Files.createDirectories(dir);
        TestPki.Credential impostor = TestPki.get().impostor.writeTo(dir);
        int before = refusals().size();

        Curl.Result answer = curl(withCertificate(impostor.certFile(dir), impostor.keyFile(dir), "--data-binary",
                "@" + bodyFile("rogue", 100), "-H", PKCS7, url("/api/v1/feeds")));

        assertThat(answer.exit()).as(answer.stderr()).isNotZero();
        assertThat(answer.status()).isZero();
        assertThat(fake.received()).isEmpty();
        assertThat(refusalsAfter(before)).as("TLS refused it; the API never saw it").isEmpty();
    }

    @Test
    void anExpiredCertificateIsRefusedInTheTlsHandshake() throws Exception {
        Curl.Result answer = curl(withCertificate("ncrb-expired", url("/api/v1/feeds/any")));

        assertThat(answer.exit()).as(answer.stderr()).isNotZero();
        assertThat(answer.status()).isZero();
    }

    @Test
    void anUnauthenticatedClientLearnsNothingFromItsParameters() throws Exception {
        assertThat(anonymously(url("/api/v1/feeds/.hidden")).status()).isEqualTo(401);
        assertThat(anonymously(url("/api/v1/feeds/x/acks/SENT")).status()).isEqualTo(401);
        assertThat(fake.lookups()).isEmpty();
    }

    @Test
    void theEventNamesThePathTemplateAndKeepsNoHeaderOrBody() throws Exception {
        int before = refusals().size();

        post("mp-scc", bodyFile("marker-body", 100), "X-Marker: header-marker-1234");
        as("mp-scc", "-H", "X-Marker: header-marker-1234", url("/api/v1/feeds/raw-path-marker-5678/acks/RECEIVED"));

        List<EventLog.Recorded> events = refusalsAfter(before);
        assertThat(events).extracting(r -> r.event().detail().get("path"))
                .containsExactly("/api/v1/feeds", "/api/v1/feeds/{feedId}/acks/{stage}");
        assertThat(events).allSatisfy(r -> assertThat(r.event().toString())
                .doesNotContain("marker", "X-Marker", "raw-path").doesNotContain("feedId=raw"));
    }
}
