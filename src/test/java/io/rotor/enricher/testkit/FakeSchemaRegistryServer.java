package io.rotor.enricher.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.rotor.enricher.serde.registry.InMemorySchemaRegistry;
import io.rotor.enricher.serde.registry.SchemaRegistryException;
import io.rotor.enricher.serde.registry.SchemaVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * A stateful stand-in for Confluent Schema Registry over real HTTP (the JDK's HttpServer), answering the four
 * endpoints the serde uses as Confluent documents them: register ({@code POST /subjects/{s}/versions}),
 * lookup ({@code POST /subjects/{s}}), schema by id ({@code GET /schemas/ids/{id}}) and latest
 * ({@code GET /subjects/{s}/versions/latest}). Ids are global from 1; the same schema under two subjects gets
 * the same id; answers carry an extra field ({@code guid}) that clients must ignore; errors are
 * {@code {"error_code", "message"}} bodies.
 *
 * <p>Tests can queue failures ({@link #failNext}), make requests hang until close ({@link #hangNext}), demand
 * basic auth ({@link #requireBasicAuth}) and inspect every request ({@link #requests}). It listens on a free
 * port of 127.0.0.1, so a child JVM can be pointed at {@link #url()}; {@link #main} runs it standalone.
 */
public final class FakeSchemaRegistryServer implements AutoCloseable {
    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    /** One request as the server saw it; header names are lower case. */
    public record RecordedRequest(String method, String path, Map<String, List<String>> headers, String body) {
        public Optional<String> header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }
    }

    private record Failure(int status, int errorCode, String message) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final String url;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "fake-schema-registry");
        thread.setDaemon(true);
        return thread;
    });
    private final InMemorySchemaRegistry store = new InMemorySchemaRegistry();
    private final Deque<Failure> failures = new ConcurrentLinkedDeque<>();
    private final AtomicInteger hangs = new AtomicInteger();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private volatile String requiredAuthorization;

    private FakeSchemaRegistryServer(HttpServer server, String scheme, String host) {
        this.server = server;
        this.url = scheme + "://" + host + ":" + server.getAddress().getPort();
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts on a free port of 127.0.0.1. */
    public static FakeSchemaRegistryServer start() {
        return start(0);
    }

    /** Starts on {@code port} of 127.0.0.1 (0: a free one). */
    public static FakeSchemaRegistryServer start(int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            return new FakeSchemaRegistryServer(server, "http", "127.0.0.1");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts an https server on a free port, presenting the key material of {@code context}; the URL's host is
     * localhost. With {@code needClientAuth} it demands a client certificate that {@code context} trusts.
     */
    public static FakeSchemaRegistryServer startTls(SSLContext context, boolean needClientAuth) {
        try {
            HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(context) {
                @Override
                public void configure(HttpsParameters params) {
                    SSLParameters parameters = context.getDefaultSSLParameters();
                    parameters.setNeedClientAuth(needClientAuth);
                    params.setSSLParameters(parameters);
                }
            });
            return new FakeSchemaRegistryServer(server, "https", "localhost");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return url;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The next {@code times} requests get HTTP {@code status} with this error body, whatever they ask. */
    public void failNext(int times, int status, int errorCode, String message) {
        for (int i = 0; i < times; i++) {
            failures.add(new Failure(status, errorCode, message));
        }
    }

    /** The next {@code times} requests get no answer until the server closes (the client must time out). */
    public void hangNext(int times) {
        hangs.addAndGet(times);
    }

    /** From now on, requests without this basic-auth user and password get 401. */
    public void requireBasicAuth(String user, String password) {
        requiredAuthorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public int requestCount() {
        return requests.size();
    }

    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** The registry's state, to seed subjects without HTTP. */
    public InMemorySchemaRegistry store() {
        return store;
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    /** Runs standalone: {@code [port]} (default a free one); prints the URL and serves until killed. */
    public static void main(String[] args) throws InterruptedException {
        FakeSchemaRegistryServer server = start(args.length > 0 ? Integer.parseInt(args[0]) : 0);
        System.out.println("FakeSchemaRegistryServer listening on " + server.url());
        System.out.flush();
        server.closed.await();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, List<String>> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) ->
                    headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            requests.add(new RecordedRequest(method, path, Map.copyOf(headers), body));
            if (hangs.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
                awaitClose();
                return;
            }
            Failure failure = failures.poll();
            if (failure != null) {
                error(exchange, failure.status(), failure.errorCode(), failure.message());
                return;
            }
            String auth = requiredAuthorization;
            if (auth != null && !auth.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                error(exchange, 401, 401, "Unauthorized");
                return;
            }
            route(exchange, method, segments(path), body);
        }
    }

    private void route(HttpExchange exchange, String method, List<String> path, String body) throws IOException {
        try {
            if (method.equals("POST") && path.size() == 3 && path.get(0).equals("subjects")
                    && path.get(2).equals("versions")) {
                ObjectNode reply = JSON.createObjectNode().put("id", store.register(path.get(1), avroSchema(body)));
                send(exchange, 200, reply.put("guid", UUID.randomUUID().toString()));
            } else if (method.equals("POST") && path.size() == 2 && path.get(0).equals("subjects")) {
                SchemaVersion found = store.lookupVersion(path.get(1), avroSchema(body));
                send(exchange, 200, version(path.get(1), found));
            } else if (method.equals("GET") && path.size() == 3 && path.get(0).equals("schemas")
                    && path.get(1).equals("ids")) {
                int id = Integer.parseInt(path.get(2));
                send(exchange, 200, JSON.createObjectNode().put("schema", store.schemaById(id))
                        .put("guid", UUID.randomUUID().toString()));
            } else if (method.equals("GET") && path.size() == 4 && path.get(0).equals("subjects")
                    && path.get(2).equals("versions") && path.get(3).equals("latest")) {
                send(exchange, 200, version(path.get(1), store.latest(path.get(1))));
            } else {
                error(exchange, 404, 404, "HTTP 404 Not Found");
            }
        } catch (SchemaRegistryException e) {
            error(exchange, e.httpStatus(), e.errorCode(), e.detail());
        } catch (NumberFormatException e) {
            error(exchange, 404, 404, "HTTP 404 Not Found");
        } catch (IllegalArgumentException e) {
            error(exchange, 422, 42201, "Invalid schema: " + e.getMessage());
        }
    }

    /** The schema string of a register or lookup body; only Avro (no schemaType, or AVRO) is served. */
    private static String avroSchema(String body) throws IOException {
        JsonNode request = JSON.readTree(body);
        JsonNode type = request.path("schemaType");
        if (!type.isMissingNode() && !type.asText().equals("AVRO")) {
            throw new IllegalArgumentException("this fake serves only AVRO, not " + type.asText());
        }
        if (!request.path("schema").isTextual()) {
            throw new IllegalArgumentException("no schema string in the body");
        }
        return request.path("schema").textValue();
    }

    private static ObjectNode version(String subject, SchemaVersion version) {
        return JSON.createObjectNode()
                .put("subject", subject)
                .put("version", version.version())
                .put("id", version.id())
                .put("guid", UUID.randomUUID().toString())
                .put("schema", version.schema());
    }

    private static List<String> segments(String rawPath) {
        List<String> segments = new ArrayList<>();
        Arrays.stream(rawPath.split("/"))
                .filter(s -> !s.isEmpty())
                .forEach(s -> segments.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8)));
        return segments;
    }

    private static void error(HttpExchange exchange, int status, int errorCode, String message) throws IOException {
        send(exchange, status, JSON.createObjectNode().put("error_code", errorCode).put("message", message));
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private void awaitClose() {
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
