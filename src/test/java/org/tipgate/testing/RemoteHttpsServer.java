package org.tipgate.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManagerFactory;

/**
 * A state's or district's HTTPS endpoint, as TipGate meets it when it POSTs packages: the JDK's
 * HTTPS server on 127.0.0.1 with a server certificate, requiring a client certificate from
 * {@code clientCa}. It answers only the client it expects (by certificate), records every request
 * that reaches it, and answers as a test tells it to.
 */
public final class RemoteHttpsServer implements Closeable {

    /** One request as the server saw it, with the certificate chain the client showed. */
    public record Received(String method, String path, String contentType, byte[] body, List<X509Certificate> client) {
    }

    private static final char[] PASSWORD = "test".toCharArray();

    private final HttpsServer server;
    private final ExecutorService threads;
    private final X509Certificate expectedClient;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile int status = 200;
    private volatile byte[] body = new byte[0];
    private volatile String location;
    private volatile boolean stalling;
    private volatile Function<byte[], byte[]> responder;

    private RemoteHttpsServer(HttpsServer server, ExecutorService threads, X509Certificate expectedClient) {
        this.server = server;
        this.threads = threads;
        this.expectedClient = expectedClient;
    }

    /**
     * @param cert the server's certificate, {@code key} its key
     * @param clientCa the CA client certificates must chain to
     * @param expectedClient the one client certificate it answers; others get 403
     */
    public static RemoteHttpsServer start(X509Certificate cert, PrivateKey key, X509Certificate clientCa,
                                          X509Certificate expectedClient) throws IOException {
        HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        SSLContext tls = tls(cert, key, clientCa);
        https.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters parameters = tls.getDefaultSSLParameters();
                parameters.setNeedClientAuth(true);
                params.setSSLParameters(parameters);
            }
        });
        ExecutorService threads = Executors.newCachedThreadPool();
        https.setExecutor(threads);
        RemoteHttpsServer remote = new RemoteHttpsServer(https, threads, expectedClient);
        https.createContext("/", remote::handle);
        https.start();
        return remote;
    }

    /** Answers every later request with {@code status} and {@code body}. */
    public RemoteHttpsServer answer(int status, byte[] body) {
        this.status = status;
        this.body = body.clone();
        return this;
    }

    /** Answers every later request with 200 and what {@code responder} makes of its body (a receipt, say). */
    public RemoteHttpsServer respond(Function<byte[], byte[]> responder) {
        this.responder = responder;
        return this;
    }

    /** Answers every later request with a redirect to {@code location}. */
    public RemoteHttpsServer redirect(int status, String location) {
        this.location = location;
        return answer(status, new byte[0]);
    }

    /** Takes every later request and never answers it (until closed). */
    public RemoteHttpsServer stall() {
        this.stalling = true;
        return this;
    }

    public String url(String path) {
        return "https://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] request = in.readAllBytes();
            List<X509Certificate> client = Arrays.stream(peer((HttpsExchange) exchange))
                    .map(X509Certificate.class::cast).toList();
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"), request, client));
            if (client.isEmpty() || !client.get(0).equals(expectedClient)) {
                reply(exchange, 403, "not the client this server expects".getBytes());
                return;
            }
            if (stalling) {
                released.await();
                return;
            }
            if (location != null) {
                exchange.getResponseHeaders().add("Location", location);
            }
            Function<byte[], byte[]> answer = responder;
            reply(exchange, answer == null ? status : 200, answer == null ? body : answer.apply(request));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Certificate[] peer(HttpsExchange exchange) {
        try {
            return exchange.getSSLSession().getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return new Certificate[0];
        }
    }

    private static void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static SSLContext tls(X509Certificate cert, PrivateKey key, X509Certificate clientCa) throws IOException {
        try {
            KeyStore own = KeyStore.getInstance("PKCS12");
            own.load(null, null);
            own.setKeyEntry("server", key, PASSWORD, new Certificate[] {cert});
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(own, PASSWORD);
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("client-ca", clientCa);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up the test server's TLS", e);
        }
    }
}
