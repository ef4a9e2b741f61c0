package io.rotor.enricher.serde.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.net.URIBuilder;
import org.apache.hc.core5.util.Timeout;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Confluent Schema Registry client over HTTP (Apache HttpClient 5, classic API).
 *
 * <ul>
 *   <li>Caches subject+schema to id and id to schema, so N serializations of one schema cost one call.</li>
 *   <li>Retries 5xx, 408, 429 and I/O errors with exponential backoff and full jitter, moving to the next of
 *       several URLs on each failure, all within {@link RegistryRetryPolicy#budget()}; then it throws
 *       {@link RegistryUnavailableException}. 401 and 403 throw it at once: the event is not at fault.</li>
 *   <li>Other 4xx answers throw {@link SchemaRegistryException} carrying the body's error_code and message.</li>
 *   <li>Basic-auth credentials go into the Authorization header only: never into messages or toString.</li>
 * </ul>
 * Time bound: an attempt starts only within the 3 s budget; waiting for a pooled connection and for the
 * response are each capped to what is left of it, connecting and the TLS handshake to the connect timeout. With
 * the defaults a call so ends within about 5 s (6 s over TLS), well under Kafka Streams' exactly-once
 * transaction timeout of 10 s.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {
    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    static final String ACCEPT = "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9,"
            + " application/json; qs=0.5";

    private static final Logger LOG = LoggerFactory.getLogger(RestSchemaRegistryClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ContentType JSON_CONTENT = ContentType.create(CONTENT_TYPE, StandardCharsets.UTF_8);

    /** Sleeps between retries; tests record the waits instead. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    /**
     * Timeouts and retry behaviour.
     *
     * @param connectTimeout  per attempt: TCP connect, TLS handshake and pooled-connection wait each
     * @param responseTimeout how long an attempt waits for the answer, capped to what is left of the budget
     * @param retry           the retry policy
     * @param random          jitter source; tests pass a seeded one
     * @param sleeper         how to wait between attempts
     */
    public record Options(Duration connectTimeout, Duration responseTimeout, RegistryRetryPolicy retry,
                          RandomGenerator random, Sleeper sleeper) {
        public Options {
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            Objects.requireNonNull(responseTimeout, "responseTimeout");
            Objects.requireNonNull(retry, "retry");
            Objects.requireNonNull(random, "random");
            Objects.requireNonNull(sleeper, "sleeper");
        }

        public static Options defaults() {
            return new Options(Duration.ofSeconds(1), Duration.ofSeconds(2), RegistryRetryPolicy.DEFAULT, new Random(),
                    Thread::sleep);
        }
    }

    private record SubjectSchema(String subject, String schema) {
    }

    private record Reply(int status, String body) {
    }

    private final List<URI> urls;
    private final Optional<String> authorization;
    private final Options options;
    private final CloseableHttpClient http;
    private final AtomicInteger currentUrl = new AtomicInteger();
    private final ConcurrentMap<SubjectSchema, Integer> idBySubjectSchema = new ConcurrentHashMap<>();
    private final ConcurrentMap<Integer, String> schemaById = new ConcurrentHashMap<>();

    public RestSchemaRegistryClient(RegistryClientConfig config) {
        this(config, Options.defaults());
    }

    public RestSchemaRegistryClient(RegistryClientConfig config, Options options) {
        this.urls = config.urls();
        this.options = options;
        this.authorization = config.userInfo().map(info -> "Basic " + Base64.getEncoder()
                .encodeToString(info.reveal().getBytes(StandardCharsets.UTF_8)));
        ClientTlsStrategyBuilder tls = ClientTlsStrategyBuilder.create();
        config.tls().sslContext().ifPresentOrElse(tls::setSslContext, tls::useSystemProperties);
        if (!config.tls().verifyHostname()) {
            tls.setHostVerificationPolicy(HostnameVerificationPolicy.CLIENT);
            tls.setHostnameVerifier(NoopHostnameVerifier.INSTANCE);
        }
        Timeout connect = Timeout.of(options.connectTimeout());
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setTlsSocketStrategy(tls.buildClassic())
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(connect)
                                // Bounds the TLS handshake; requests set their own response timeout.
                                .setSocketTimeout(connect)
                                .setValidateAfterInactivity(Timeout.ofSeconds(2))
                                .build())
                        .setMaxConnPerRoute(16)
                        .setMaxConnTotal(32)
                        .build())
                // This class retries with its own budget; HttpClient's retries would overrun it.
                .disableAutomaticRetries()
                .disableCookieManagement()
                .build();
    }

    @Override
    public int register(String subject, String schema) {
        return idBySubjectSchema.computeIfAbsent(new SubjectSchema(subject, schema), key -> {
            JsonNode reply = call("register schema under subject '" + subject + "'",
                    post(schemaBody(schema, true), "subjects", subject, "versions"));
            return intField(reply, "id", "register");
        });
    }

    @Override
    public int lookup(String subject, String schema) {
        return idBySubjectSchema.computeIfAbsent(new SubjectSchema(subject, schema), key -> {
            JsonNode reply = call("look up schema under subject '" + subject + "'",
                    post(schemaBody(schema, false), "subjects", subject));
            return intField(reply, "id", "lookup");
        });
    }

    @Override
    public String schemaById(int id) {
        return schemaById.computeIfAbsent(id, key -> {
            JsonNode reply = call("fetch schema id " + id, get("schemas", "ids", Integer.toString(id)));
            return textField(reply, "schema", "schema by id");
        });
    }

    @Override
    public SchemaVersion latest(String subject) {
        JsonNode reply = call("fetch the latest version of subject '" + subject + "'",
                get("subjects", subject, "versions", "latest"));
        return new SchemaVersion(intField(reply, "id", "latest"), intField(reply, "version", "latest"),
                textField(reply, "schema", "latest"));
    }

    @Override
    public void close() {
        http.close(CloseMode.GRACEFUL);
    }

    @Override
    public String toString() {
        return "RestSchemaRegistryClient" + urls + (authorization.isPresent() ? " (basic auth)" : "");
    }

    /** Builds one attempt's request against a base URL. */
    @FunctionalInterface
    private interface RequestFactory {
        HttpUriRequestBase create(URI base) throws URISyntaxException;
    }

    private static RequestFactory post(String body, String... path) {
        return base -> {
            HttpPost post = new HttpPost(new URIBuilder(base).appendPathSegments(path).build());
            post.setEntity(new StringEntity(body, JSON_CONTENT));
            return post;
        };
    }

    private static RequestFactory get(String... path) {
        return base -> new HttpGet(new URIBuilder(base).appendPathSegments(path).build());
    }

    private JsonNode call(String operation, RequestFactory factory) {
        long start = System.nanoTime();
        long budgetMillis = options.retry().budget().toMillis();
        String lastFailure = "no attempt made";
        Throwable lastCause = null;
        for (int attempt = 0; ; attempt++) {
            int urlIndex = Math.floorMod(currentUrl.get(), urls.size());
            URI base = urls.get(urlIndex);
            long remaining = budgetMillis - elapsedMillis(start);
            try {
                Reply reply = send(factory.create(base), Math.max(1, remaining));
                if (reply.status() / 100 == 2) {
                    return parse(reply.body(), operation, base);
                }
                int errorCode = errorCode(reply);
                String detail = errorMessage(reply);
                if (reply.status() == 401 || reply.status() == 403) {
                    throw new RegistryUnavailableException("Schema Registry at " + base + " refused the credentials"
                            + " to " + operation + ": HTTP " + reply.status() + ", error_code " + errorCode + ": "
                            + detail);
                }
                if (!retriable(reply.status())) {
                    throw new SchemaRegistryException(operation, reply.status(), errorCode, detail);
                }
                lastFailure = "HTTP " + reply.status() + ", error_code " + errorCode + ": " + detail;
                lastCause = null;
            } catch (IOException e) {
                lastFailure = e.getClass().getSimpleName() + ": " + e.getMessage();
                lastCause = e;
            } catch (URISyntaxException e) {
                throw new SchemaRegistryException(operation, 400, 400, "cannot build the request URL");
            }
            // Fail over: the next attempt goes to the next URL (if several are configured).
            currentUrl.compareAndSet(urlIndex, urlIndex + 1);
            if (attempt >= options.retry().maxRetries()) {
                throw unavailable(operation, attempt + 1, base, lastFailure, lastCause);
            }
            long wait = options.retry().backoffMillis(attempt, options.random());
            if (elapsedMillis(start) + wait >= budgetMillis) {
                throw unavailable(operation, attempt + 1, base, lastFailure + " (retry budget of "
                        + budgetMillis + " ms spent)", lastCause);
            }
            LOG.warn("Schema Registry at {} failed to {} ({}); retry {} of {} in {} ms", base, operation,
                    lastFailure, attempt + 1, options.retry().maxRetries(), wait);
            try {
                options.sleeper().sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptException("interrupted while waiting to retry the Schema Registry", e);
            }
        }
    }

    private Reply send(HttpUriRequestBase request, long timeoutMillis) throws IOException {
        request.setConfig(RequestConfig.custom()
                .setConnectionRequestTimeout(Timeout.ofMilliseconds(
                        Math.min(timeoutMillis, options.connectTimeout().toMillis())))
                .setResponseTimeout(Timeout.ofMilliseconds(
                        Math.min(timeoutMillis, options.responseTimeout().toMillis())))
                .build());
        request.setHeader(HttpHeaders.ACCEPT, ACCEPT);
        request.setHeader("Confluent-Accept-Unknown-Properties", "true");
        authorization.ifPresent(value -> request.setHeader(HttpHeaders.AUTHORIZATION, value));
        return http.execute(request, response -> new Reply(response.getCode(),
                response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8)));
    }

    private static boolean retriable(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    private static RegistryUnavailableException unavailable(String operation, int attempts, URI lastUrl,
                                                            String lastFailure, Throwable cause) {
        return new RegistryUnavailableException("Schema Registry unavailable: could not " + operation + " after "
                + attempts + " attempt(s); last at " + lastUrl + ": " + lastFailure, cause);
    }

    private static long elapsedMillis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static String schemaBody(String schema, boolean withType) {
        ObjectNode body = JSON.createObjectNode().put("schema", schema);
        if (withType) {
            body.put("schemaType", "AVRO");
        }
        return body.toString();
    }

    private static JsonNode parse(String body, String operation, URI base) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new RegistryUnavailableException("Schema Registry at " + base + " answered " + operation
                    + " with a body that is not JSON");
        }
    }

    private static int errorCode(Reply reply) {
        JsonNode code = errorBody(reply).path("error_code");
        return code.canConvertToInt() ? code.intValue() : reply.status();
    }

    private static String errorMessage(Reply reply) {
        JsonNode message = errorBody(reply).path("message");
        if (message.isTextual()) {
            return message.textValue();
        }
        String body = reply.body().strip();
        return body.isEmpty() ? "(no body)" : body.substring(0, Math.min(body.length(), 200));
    }

    private static JsonNode errorBody(Reply reply) {
        try {
            JsonNode node = JSON.readTree(reply.body());
            return node == null ? JSON.missingNode() : node;
        } catch (IOException e) {
            return JSON.missingNode();
        }
    }

    private static int intField(JsonNode reply, String field, String what) {
        JsonNode node = reply.path(field);
        if (!node.canConvertToInt()) {
            throw new RegistryUnavailableException("Schema Registry's " + what + " answer has no integer '" + field
                    + "'");
        }
        return node.intValue();
    }

    private static String textField(JsonNode reply, String field, String what) {
        JsonNode node = reply.path(field);
        if (!node.isTextual()) {
            throw new RegistryUnavailableException("Schema Registry's " + what + " answer has no text '" + field
                    + "'");
        }
        return node.textValue();
    }
}
