package io.rotor.enricher.rotor;

import static io.rotor.enricher.testkit.RawHttpServer.respond;
import static io.rotor.enricher.testkit.RawHttpServer.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rotor.enricher.config.RotorSettings;
import io.rotor.enricher.config.Secret;
import io.rotor.enricher.config.Settings;
import io.rotor.enricher.testkit.LogCapture;
import io.rotor.enricher.testkit.RawHttpServer;
import io.rotor.enricher.testkit.RotorReference;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Byte-exact cases on a plain socket server: request paths and headers as sent, resets, truncation, silence. */
class RotorClientWireTest {
    private static final String KEY = "sk-wire-test-0123456789";
    private RawHttpServer server;
    private RotorClient client;

    @AfterEach
    void close() throws IOException {
        if (client != null) client.close();
        if (server != null) server.close();
    }

    private RotorClient client(String baseUrl, Duration responseTimeout) {
        RotorSettings settings = RotorSettings.defaults()
                .with(Settings.ROTOR_API_KEY, Secret.of(KEY))
                .with(Settings.ROTOR_BASE_URL, URI.create(baseUrl))
                .with(Settings.ROTOR_ALLOW_HTTP, true)
                .with(Settings.ROTOR_CONNECT_TIMEOUT, Duration.ofSeconds(2))
                .with(Settings.ROTOR_RESPONSE_TIMEOUT, responseTimeout);
        client = new RotorClient(settings, Clock.systemUTC(), new SimpleMeterRegistry());
        return client;
    }

    private LookupResult lookup(String id) throws Exception {
        return client.lookup(id).get(20, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e|/open-api/leads/182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e",
            "a/b|/open-api/leads/a%2Fb",
            "%2e%2e|/open-api/leads/%252e%252e",
            "../auth/test|/open-api/leads/..%2Fauth%2Ftest",
            "?x|/open-api/leads/%3Fx",
            "#|/open-api/leads/%23",
            "a b|/open-api/leads/a%20b",
            "a+b;c=d|/open-api/leads/a%2Bb%3Bc%3Dd",
            "é✓😀|/open-api/leads/%C3%A9%E2%9C%93%F0%9F%98%80",
            "...|/open-api/leads/...",
            "a\\b|/open-api/leads/a%5Cb"
    })
    void leadIdIsExactlyOnePercentEncodedSegmentUnderTheBasePath(String id, String expectedTarget) throws Exception {
        server = new RawHttpServer(respond(response(200, RotorReference.LEAD_200_ANY_ID)));
        client(server.baseUrl() + "/open-api", Duration.ofSeconds(5));
        LookupResult result = lookup(id);
        assertThat(result.outcome()).isEqualTo(Outcome.FOUND);
        assertThat(result.lead().getId()).isEqualTo(id);
        assertThat(server.requestTargets()).containsExactly(expectedTarget);
    }

    @Test
    void basePathIsKeptWithOrWithoutTrailingSlash() throws Exception {
        server = new RawHttpServer(respond(response(200, RotorReference.LEAD_200_ANY_ID)));
        client(server.baseUrl() + "/open-api/v1/", Duration.ofSeconds(5));
        lookup("x");
        client.close();
        client(server.baseUrl(), Duration.ofSeconds(5));
        lookup("y");
        assertThat(server.requestTargets()).containsExactly("/open-api/v1/leads/x", "/leads/y");
    }

    @Test
    void requestHeaders() throws Exception {
        server = new RawHttpServer(respond(response(200, RotorReference.LEAD_200_ANY_ID)));
        client(server.baseUrl() + "/open-api", Duration.ofSeconds(5));
        lookup("x");
        String head = server.requestHeads().get(0);
        assertThat(head).startsWith("GET /open-api/leads/x HTTP/1.1\r\n");
        assertThat(head.toLowerCase()).contains("\r\nx-api-key: " + KEY.toLowerCase() + "\r\n")
                .contains("\r\nrotor-api-version: 1.1.0\r\n")
                .contains("\r\naccept: application/json\r\n")
                .contains("\r\nuser-agent: rotor-lead-enricher/dev\r\n")
                .doesNotContain("accept-encoding");
        assertThat(client.userAgent()).isEqualTo("rotor-lead-enricher/dev");
    }

    @Test
    void idsThatCannotBeASegmentAreRefusedBeforeAnyCall() throws Exception {
        server = new RawHttpServer(respond(response(200, RotorReference.LEAD_200_ANY_ID)));
        client(server.baseUrl(), Duration.ofSeconds(5));
        for (String id : new String[] {"", ".", "..", "\ud800"}) {
            assertThatThrownBy(() -> client.lookup(id)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(server.requestHeads()).isEmpty();
    }

    @Test
    void theKeyAppearsInNoLogLineResultMessageOrToString() throws Exception {
        try (LogCapture logs = new LogCapture()) {
            server = new RawHttpServer(RawHttpServer.reset());
            client(server.baseUrl(), Duration.ofMillis(300));
            List<String> texts = new ArrayList<>();
            texts.add(lookup("a").message());
            server.handler(RawHttpServer.silent());
            texts.add(lookup("b").message());
            server.handler(respond(response(401, RotorReference.ERROR_401)));
            texts.add(lookup("c").message());
            texts.add(client.checkAuth().get(10, TimeUnit.SECONDS).message());
            texts.add(client.toString());
            texts.add(client.gate().toString());
            texts.add(RotorSettings.defaults().with(Settings.ROTOR_API_KEY, Secret.of(KEY)).toString());
            texts.add(logs.all());
            assertThat(texts).allSatisfy(t -> assertThat(t).doesNotContain(KEY));
            // the key did travel, once per request, in its header
            assertThat(server.requestHeads()).allSatisfy(h -> assertThat(h).contains("x-api-key: " + KEY));
        }
    }

    @Test
    void connectionResetIsNetwork() throws Exception {
        server = new RawHttpServer(RawHttpServer.reset());
        client(server.baseUrl(), Duration.ofSeconds(5));
        LookupResult r = lookup("x");
        assertThat(r.outcome()).isEqualTo(Outcome.NETWORK);
        assertThat(r.attempted()).isTrue();
        assertThat(r.httpStatus()).isZero();
    }

    @Test
    void connectionClosedMidBodyIsNetwork() throws Exception {
        // Content-Length promises more than arrives: a transport failure, not Rotor's answer.
        server = new RawHttpServer(respond("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"data\": {\"id\""));
        client(server.baseUrl(), Duration.ofSeconds(5));
        assertThat(lookup("x").outcome()).isEqualTo(Outcome.NETWORK);
    }

    /** A 200 with a valid lead, its head padded with {@code extraHeaders}. */
    private static String leadWithHeaders(String extraHeaders) {
        String ok = response(200, RotorReference.LEAD_200_ANY_ID);
        return ok.replace("Connection: close\r\n", "Connection: close\r\n" + extraHeaders);
    }

    @Test
    void tooManyResponseHeadersAreABadResponse() throws Exception {
        StringBuilder headers = new StringBuilder();
        for (int i = 0; i < 10 * RotorClient.MAX_RESPONSE_HEADERS; i++) {
            headers.append("X-Filler-").append(i).append(": v\r\n");
        }
        server = new RawHttpServer(respond(leadWithHeaders(headers.toString())));
        client(server.baseUrl(), Duration.ofSeconds(5));
        LookupResult r = lookup("x");
        assertThat(r.outcome()).isEqualTo(Outcome.BAD_RESPONSE);
        assertThat(r.message()).contains("header");
    }

    @Test
    void anOverlongResponseHeaderLineIsABadResponse() throws Exception {
        server = new RawHttpServer(respond(leadWithHeaders("X-Huge: " + "a".repeat(8 * RotorClient.MAX_HEADER_LINE_CHARS) + "\r\n")));
        client(server.baseUrl(), Duration.ofSeconds(5));
        assertThat(lookup("x").outcome()).isEqualTo(Outcome.BAD_RESPONSE);
    }

    @Test
    void headersWithinTheBoundsAreFine() throws Exception {
        StringBuilder headers = new StringBuilder();
        for (int i = 0; i < RotorClient.MAX_RESPONSE_HEADERS - 10; i++) {
            headers.append("X-Filler-").append(i).append(": v\r\n");
        }
        headers.append("X-Long: ").append("a".repeat(RotorClient.MAX_HEADER_LINE_CHARS - 20)).append("\r\n");
        server = new RawHttpServer(respond(leadWithHeaders(headers.toString())));
        client(server.baseUrl(), Duration.ofSeconds(5));
        assertThat(lookup("x").outcome()).isEqualTo(Outcome.FOUND);
    }

    @Test
    void completeMessageWithTruncatedJsonIsBadResponse() throws Exception {
        server = new RawHttpServer(respond(response(200, "{\"data\": {\"id\": \"x\", \"name\": \"Jo")));
        client(server.baseUrl(), Duration.ofSeconds(5));
        LookupResult r = lookup("x");
        assertThat(r.outcome()).isEqualTo(Outcome.BAD_RESPONSE);
        assertThat(r.message()).doesNotContain("Jo\"");
    }

    @Test
    void closeDelimitedBodyWithTruncatedJsonIsBadResponse() throws Exception {
        server = new RawHttpServer(respond("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{\"data\": [1, 2"));
        client(server.baseUrl(), Duration.ofSeconds(5));
        assertThat(lookup("x").outcome()).isEqualTo(Outcome.BAD_RESPONSE);
    }

    @Test
    void garbageInsteadOfHttpIsNetwork() throws Exception {
        server = new RawHttpServer(respond("SSH-2.0-OpenSSH_9.6\r\n"));
        client(server.baseUrl(), Duration.ofSeconds(5));
        assertThat(lookup("x").outcome()).isEqualTo(Outcome.NETWORK);
    }

    @Test
    void silentServerIsTimeout() throws Exception {
        server = new RawHttpServer(RawHttpServer.silent());
        client(server.baseUrl(), Duration.ofMillis(500));
        LookupResult r = lookup("x");
        assertThat(r.outcome()).isEqualTo(Outcome.TIMEOUT);
        assertThat(r.attempted()).isTrue();
    }

    @Test
    void headersStartedButNeverFinishedIsTimeout() throws Exception {
        server = new RawHttpServer((head, socket) -> {
            OutputStream out = socket.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\nContent-Type: appl".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        });
        client(server.baseUrl(), Duration.ofMillis(500));
        assertThat(lookup("x").outcome()).isEqualTo(Outcome.TIMEOUT);
    }

    @Test
    void aResponseTricklingPastTheResponseTimeoutIsTimeout() throws Exception {
        ScheduledExecutorService drip = Executors.newSingleThreadScheduledExecutor();
        try {
            server = new RawHttpServer((head, socket) -> {
                OutputStream out = socket.getOutputStream();
                out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                // one header byte every 100 ms: never silent for the 500 ms socket timeout, never finished
                drip.scheduleAtFixedRate(() -> {
                    try {
                        out.write('x');
                        out.flush();
                    } catch (IOException closed) {
                        throw new IllegalStateException(closed);
                    }
                }, 100, 100, TimeUnit.MILLISECONDS);
            });
            client(server.baseUrl(), Duration.ofMillis(500));
            LookupResult r = lookup("x");
            assertThat(r.outcome()).isEqualTo(Outcome.TIMEOUT);
            assertThat(r.message()).isEqualTo("no complete response within 500ms of sending the request");
        } finally {
            drip.shutdownNow();
        }
    }

    @Test
    void bodyLargerThanTheLimitIsBadResponseWithoutReadingIt() throws Exception {
        String big = "{\"data\": {\"notes\": \"" + "n".repeat(RotorClient.MAX_BODY_BYTES) + "\"}}";
        server = new RawHttpServer(respond(response(200, big)));
        client(server.baseUrl(), Duration.ofSeconds(5));
        LookupResult r = lookup("x");
        assertThat(r.outcome()).isEqualTo(Outcome.BAD_RESPONSE);
        assertThat(r.message()).contains("larger than");

        server.handler(respond("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n" + big));
        assertThat(lookup("y").outcome()).isEqualTo(Outcome.BAD_RESPONSE);
    }

    @Test
    void connectionRefusedIsNetwork() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        client("http://127.0.0.1:" + port, Duration.ofSeconds(5));
        LookupResult r = lookup("x");
        assertThat(r.outcome()).isEqualTo(Outcome.NETWORK);
        assertThat(r.message()).startsWith("connection failed");
    }

    @Test
    void unknownHostIsNetwork() throws Exception {
        client("http://rotor-host-that-does-not-exist.invalid", Duration.ofSeconds(5));
        LookupResult r = lookup("x");
        assertThat(r.outcome()).isEqualTo(Outcome.NETWORK);
        assertThat(r.message()).startsWith("unknown host");
    }

    @Test
    void tlsFailureIsNetwork() throws Exception {
        server = new RawHttpServer(respond("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n"), false);
        RotorSettings settings = RotorSettings.defaults()
                .with(Settings.ROTOR_API_KEY, Secret.of(KEY))
                .with(Settings.ROTOR_BASE_URL, URI.create("https://127.0.0.1:" + server.port()))
                .with(Settings.ROTOR_CONNECT_TIMEOUT, Duration.ofSeconds(2)).with(Settings.ROTOR_RESPONSE_TIMEOUT, Duration.ofSeconds(2));
        client = new RotorClient(settings, Clock.systemUTC(), new SimpleMeterRegistry());
        LookupResult r = lookup("x");
        assertThat(r.outcome()).isEqualTo(Outcome.NETWORK);
        assertThat(r.message()).startsWith("TLS failure");
    }
}
