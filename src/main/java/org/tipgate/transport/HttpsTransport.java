package org.tipgate.transport;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import org.tipgate.directory.Agency;
import org.tipgate.directory.Endpoint;
import org.tipgate.format.Causes;
import org.tipgate.format.Text;

/**
 * POSTs a package ({@code Content-Type: application/pkcs7-mime}) to the recipient's URL
 * ({@code HTTPS} endpoints: {@code url}) over mutual TLS: the gateway shows its certificate, and
 * the server must show one that chains to a CA of the directory (see {@link ClientTls}) and names
 * the URL's host. A 2xx answer means delivered; its body, kept up to 1 MiB, is returned for the
 * caller to verify as a receipt. Redirects are never followed: the directory names where evidence
 * goes. One POST is one copy at the recipient: a repeat after a crash posts the same bytes again,
 * and the recipient recognises the package id inside (its receipt names it).
 *
 * <p>Why the JDK's {@link HttpClient} and not Camel's {@code http} component: the TLS set-up is
 * one {@code SSLContext} built here from the directory, with host name verification that the
 * client always applies; the recipient's URL is used as the directory wrote it, without being
 * spliced into a Camel endpoint URI beside Camel's own options; no exchange headers can leak
 * into the request; and the answer is read into a capped buffer under one deadline. Camel would
 * add a layer for each of these without adding control. (The JDK client refuses to verify host
 * names only if a JVM-wide internal property says so; this class refuses to start then.)
 *
 * <p>Failures: 5xx, 429 and 408, connection refused or reset, timeouts, and a handshake the
 * server broke off (it may not accept the gateway's certificate yet) are retried; a server whose
 * certificate the gateway cannot trust (unknown CA, wrong host name, revoked, expired) is a
 * security event and is not; nor are redirects and other 4xx answers, which need a person. The
 * message carries the status and a short, printable excerpt of the answer.
 *
 * <p>One instance serves every recipient at once: the {@link HttpClient} is immutable once built
 * and sends several requests at a time, each with a connection of its own, and every attempt has its
 * own request and its own capped body.
 */
public final class HttpsTransport implements PackageTransport {

    static final int RESPONSE_CAP = 1 << 20;
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(10);
    private static final String MEDIA_TYPE = "application/pkcs7-mime";
    private static final int EXCERPT_CHARS = 200;

    private final HttpClient client;
    private final Duration deadline;

    /** With a 10 s connect timeout and a 10 min deadline per attempt. */
    public HttpsTransport(List<X509Certificate> trust, List<X509CRL> crls, List<X509Certificate> gatewayChain,
                          PrivateKey gatewayKey) {
        this(trust, crls, gatewayChain, gatewayKey, DEFAULT_CONNECT_TIMEOUT, DEFAULT_DEADLINE);
    }

    /**
     * @param trust the CAs a recipient's server certificate must chain to: the directory's
     *     {@code trust()}
     * @param crls the directory's {@code crls()}
     * @param gatewayChain the gateway's certificate first, then any intermediates
     * @param connectTimeout for the TCP connection
     * @param deadline for the whole attempt: TLS handshake, upload, and the complete answer; a
     *     package too large to upload within it on a slow link needs a longer one
     */
    public HttpsTransport(List<X509Certificate> trust, List<X509CRL> crls, List<X509Certificate> gatewayChain,
                          PrivateKey gatewayKey, Duration connectTimeout, Duration deadline) {
        if (Boolean.getBoolean("jdk.internal.httpclient.disableHostnameVerification")) {
            throw new IllegalStateException("jdk.internal.httpclient.disableHostnameVerification is set: "
                    + "HTTPS delivery will not run without host name verification");
        }
        SSLParameters tls = new SSLParameters();
        tls.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        tls.setEndpointIdentificationAlgorithm("HTTPS");
        this.client = HttpClient.newBuilder()
                .sslContext(ClientTls.context(trust, crls, gatewayChain, gatewayKey))
                .sslParameters(tls)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.deadline = deadline;
    }

    @Override
    public Endpoint.Type type() {
        return Endpoint.Type.HTTPS;
    }

    @Override
    public Delivered deliver(Agency recipient, Endpoint endpoint, String fileName, Path packageFile)
            throws DeliveryException {
        PackageTransport.requirePlain(fileName);
        URI url = url(recipient, endpoint);
        String where = "https://" + url.getHost() + (url.getPort() == -1 ? "" : ":" + url.getPort())
                + url.getRawPath();
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(url).timeout(deadline).header("Content-Type", MEDIA_TYPE)
                    .POST(HttpRequest.BodyPublishers.ofFile(packageFile)).build();
        } catch (FileNotFoundException e) {
            throw new DeliveryException("cannot read the package " + packageFile + ": " + e.getMessage(), true, e);
        } catch (IllegalArgumentException e) {
            throw new DeliveryException("HTTPS endpoint of " + recipient.id() + ": the HTTP client refuses its URL: "
                    + Causes.reason(e), false, e);
        }
        CompletableFuture<HttpResponse<byte[]>> answer = client.sendAsync(request, info -> new CappedBody(RESPONSE_CAP));
        try {
            return outcome(answer.get(deadline.toMillis(), TimeUnit.MILLISECONDS), where);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new DeliveryException("no complete answer from " + where + " within " + deadline.toSeconds() + " s", true, e);
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new DeliveryException("interrupted while delivering to " + where, true, e);
        } catch (ExecutionException e) {
            throw failure(e.getCause(), where);
        }
    }

    private static URI url(Agency recipient, Endpoint endpoint) throws DeliveryException {
        try {
            URI url = endpoint.url() == null ? null : new URI(endpoint.url());
            if (url != null && "https".equalsIgnoreCase(url.getScheme()) && url.getHost() != null) {
                return url;
            }
        } catch (URISyntaxException e) {
            throw new DeliveryException("HTTPS endpoint of " + recipient.id() + " has no valid URL", false, e);
        }
        throw new DeliveryException("HTTPS endpoint of " + recipient.id() + " has no https:// URL", false);
    }

    private static Delivered outcome(HttpResponse<byte[]> response, String where) throws DeliveryException {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return new Delivered(where, response.body());
        }
        String excerpt = Text.excerpt(response.body(), EXCERPT_CHARS);
        String message = "HTTP " + status + " from " + where + (excerpt.isEmpty() ? "" : ": " + excerpt);
        if (status >= 300 && status < 400) {
            message += " (redirects are not followed: the directory says where packages go)";
        }
        boolean retryable = (status >= 500 && status < 600) || status == 429 || status == 408;
        throw new DeliveryException(message, retryable);
    }

    private static DeliveryException failure(Throwable cause, String where) {
        String reason = Causes.reason(cause);
        if (Causes.causedBy(cause, CertificateException.class)) {
            return new DeliveryException("security: the server at " + where + " could not be authenticated ("
                    + reason + "); nothing was sent; not retried", false, cause);
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return new DeliveryException("no connection to " + where + " within the connect timeout", true, cause);
        }
        if (cause instanceof HttpTimeoutException) {
            return new DeliveryException("no answer from " + where + " in time: " + reason, true, cause);
        }
        if (Causes.causedBy(cause, ConnectException.class)) {
            return new DeliveryException("cannot connect to " + where + ": " + reason, true, cause);
        }
        if (Causes.causedBy(cause, SSLException.class)) {
            return new DeliveryException("TLS with " + where + " failed (" + reason
                    + "); the server may not accept the gateway's certificate", true, cause);
        }
        if (cause instanceof IOException) {
            return new DeliveryException("delivery to " + where + " failed: " + reason, true, cause);
        }
        return new DeliveryException("delivery to " + where + " failed unexpectedly: " + reason, false, cause);
    }
}
