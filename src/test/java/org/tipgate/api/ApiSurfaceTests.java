package org.tipgate.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.tipgate.testing.Curl;

/** What the HTTPS port shows besides the feeds API: nothing (no service list, no WADL, no other path). */
class ApiSurfaceTests extends ApiHarness {

    @Test
    void cxfListsNoServices() throws Exception {
        for (String path : new String[] {"/api/services", "/api/services/", "/api/"}) {
            Curl.Result sender = as("ncrb", url(path));
            Curl.Result anonymous = anonymously(url(path));

            assertThat(sender.status()).as(path).isEqualTo(404);
            assertThat(anonymous.status()).as(path).isEqualTo(404);
            assertThat(sender.text() + anonymous.text()).as(path).doesNotContainIgnoringCase("service")
                    .doesNotContain("/v1/feeds");
        }
    }

    @Test
    void thereIsNoWadl() throws Exception {
        Curl.Result root = as("ncrb", url("/api?_wadl"));
        Curl.Result feeds = as("ncrb", url("/api/v1/feeds?_wadl"));
        Curl.Result feed = as("ncrb", url("/api/v1/feeds/some-feed?_wadl"));
        Curl.Result extension = as("ncrb", url("/api/v1/feeds.wadl"));

        assertThat(root.status()).isEqualTo(404);
        assertThat(feeds.status()).as("no GET on the collection").isEqualTo(405);
        assertThat(feed.status()).as("an ordinary status request for an unknown feed").isEqualTo(404);
        assertThat(extension.status()).isEqualTo(404);
        for (Curl.Result answer : new Curl.Result[] {root, feeds, feed, extension}) {
            assertThat(answer.text()).doesNotContainIgnoringCase("wadl").doesNotContain("<application", "<resource");
        }
    }

    @Test
    void nothingIsServedOutsideTheApi() throws Exception {
        for (String path : new String[] {"/", "/v1/feeds", "/actuator/health", "/api/v2/feeds", "/api/v1"}) {
            assertThat(anonymously(url(path)).status()).as(path).isEqualTo(404);
        }
    }
}
