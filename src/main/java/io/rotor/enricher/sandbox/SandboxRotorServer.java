package io.rotor.enricher.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * An in-process HTTP server that behaves like Rotor's Open API for the enricher's purposes, on 127.0.0.1,
 * under Rotor's base path {@value #BASE_PATH}: {@code GET /leads/{id}}, {@code GET /leads} and
 * {@code GET /auth/test}, with Rotor's auth, scope and quota answers, and faults injected at configured rates.
 * Paths Rotor does not serve get an HTML 404, like a wrong base URL would.
 *
 * <p>Threads: the JDK server's dispatcher, a pool of 4 that runs handlers and writes responses, and one
 * scheduler thread that only times delayed responses, so a delayed or held request costs no thread.
 * Handlers never block.
 */
public final class SandboxRotorServer implements AutoCloseable {
    /** Rotor's real base path; {@link #baseUrl()} includes it. */
    public static final String BASE_PATH = "/open-api";
    /** The header Rotor reads the key from. */
    public static final String API_KEY_HEADER = "x-api-key";
    /** Default {@code limit} of {@code GET /leads} when the request gives none. */
    public static final int DEFAULT_PAGE_LIMIT = 50;
    public static final int MAX_PAGE_LIMIT = 1000;

    private static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";
    private static final String JSON_TYPE = "application/json; charset=utf-8";
    private static final String HTML_TYPE = "text/html; charset=utf-8";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final int WORKERS = 4;

    static {
        // The JDK server writes headers and body in two segments; with Nagle on, the body waits for the
        // client's delayed ACK (~40 ms a request). The property is read once, when the JDK server's config
        // class loads, so this only helps if no HttpServer was created earlier in this JVM without it.
        if (System.getProperty(NODELAY_PROPERTY) == null) {
            System.setProperty(NODELAY_PROPERTY, "true");
        }
    }

    private final SandboxOptions options;
    private final LeadCatalog catalog;
    private final Map<String, Set<String>> scopesByKey = new HashMap<>();
    private final QuotaLedger ledger;
    private final Random latencyRandom;
    private final Random faultRandom;
    private final List<MalformedKind> malformedKinds;
    private final String companyId;
    private final String userId;

    private final HttpServer server;
    private final ExecutorService workers;
    private final ScheduledThreadPoolExecutor timer;
    private final Set<HttpExchange> held = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    private final LongAdder total = new LongAdder();
    private final Map<String, LongAdder> byEndpoint = new ConcurrentHashMap<>();
    private final Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
    private final Map<InjectedFault, LongAdder> faults = new ConcurrentHashMap<>();
    private final Map<MalformedKind, LongAdder> malformed = new ConcurrentHashMap<>();
    private final LongAdder lateArrivals = new LongAdder();
    private final List<String> paths = new ArrayList<>();
    private long unrecordedPaths;

    private SandboxRotorServer(SandboxOptions options) throws IOException {
        this.options = options;
        this.catalog = LeadCatalog.generate(options.seed(), options.catalogSize());
        for (SandboxOptions.ApiKeyGrant grant : options.apiKeys()) {
            scopesByKey.put(grant.key().reveal(), grant.scopes());
        }
        this.ledger = new QuotaLedger(options.quota(), options.quotaPeriod(), options.clock());
        if (options.quotaSpent()) {
            ledger.spendCurrentPeriod();
        }
        this.latencyRandom = new Random(options.seed() ^ 0x5DEECE66DL);
        this.faultRandom = new Random(options.seed() ^ 0xBB67AE8584CAA73BL);
        this.malformedKinds = List.copyOf(new TreeSet<>(options.malformedKinds()));
        Random ids = new Random(options.seed() ^ 0x3C6EF372FE94F82BL);
        this.companyId = "cmp_" + Long.toHexString(ids.nextLong() | Long.MIN_VALUE);
        this.userId = "usr_" + Long.toHexString(ids.nextLong() | Long.MIN_VALUE);

        this.workers = Executors.newFixedThreadPool(WORKERS, daemonThreads("sandbox-rotor-worker-"));
        this.timer = new ScheduledThreadPoolExecutor(1, daemonThreads("sandbox-rotor-timer-"));
        this.timer.setRemoveOnCancelPolicy(true);
        try {
            this.server = HttpServer.create(
                    new InetSocketAddress(InetAddress.getByName(options.bindAddress()), options.port()), 1024);
        } catch (IOException e) {
            workers.shutdownNow();
            timer.shutdownNow();
            throw new IOException("sandbox Rotor cannot bind " + options.bindAddress() + ":" + options.port() + ": " + e.getMessage(), e);
        }
        server.setExecutor(workers);
        server.createContext("/", this::handle);
    }

    /**
     * Binds the configured address (127.0.0.1 by default) on the configured (or a free) port and starts serving, and
     * creating leads at {@link SandboxOptions#leadCreationRate()}.
     */
    public static SandboxRotorServer start(SandboxOptions options) throws IOException {
        SandboxRotorServer sandbox = new SandboxRotorServer(options);
        sandbox.server.start();
        if (options.leadCreationRate() > 0) {
            long periodMicros = Math.max(100, Math.round(1_000_000 / options.leadCreationRate()));
            sandbox.timer.scheduleAtFixedRate(sandbox::createLead, periodMicros, periodMicros, TimeUnit.MICROSECONDS);
        }
        return sandbox;
    }

    /** Creates a lead now (by the options' clock), as a CRM user would: see {@link LeadCatalog#create}. Returns its id. */
    public String createLead() {
        return catalog.create(options.clock().instant());
    }

    /** Creates the lead {@code id} now, e.g. one an event named before it existed: see {@link LeadCatalog#create(String, java.time.Instant)}. */
    public String createLead(String id) {
        return catalog.create(id, options.clock().instant());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:PORT/open-api}: what {@code ROTOR_BASE_URL} should be. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + BASE_PATH;
    }

    public URI baseUri() {
        return URI.create(baseUrl());
    }

    /**
     * From now until the current quota period ends every key gets a 429, as if another client had spent the quota:
     * how a test or benchmark meets a spent quota without spending it call by call.
     */
    public void spendQuota() {
        ledger.spendCurrentPeriod();
    }

    /** Undoes {@link #spendQuota()}, as when Rotor support raises the key's quota for the day. */
    public void restoreQuota() {
        ledger.restoreCurrentPeriod();
    }

    public SandboxOptions options() {
        return options;
    }

    /** The known leads; pick ids from {@link LeadCatalog#ids()}. */
    public LeadCatalog catalog() {
        return catalog;
    }

    public SandboxStats stats() {
        List<String> recorded;
        long unrecorded;
        synchronized (paths) {
            recorded = new ArrayList<>(paths);
            unrecorded = unrecordedPaths;
        }
        return new SandboxStats(total.sum(), sums(byEndpoint), sums(byStatus), sums(faults), sums(malformed),
                lateArrivals.sum(), recorded, unrecorded);
    }

    /** Stops serving: held and delayed requests are released (their connections closed) at once. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        timer.shutdownNow();
        for (HttpExchange exchange : held) {
            exchange.close();
        }
        held.clear();
        server.stop(0);
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------------------------------------------

    private sealed interface Reply permits Respond, Drop, Hold {
    }

    /** A response to send; {@code onSend} runs as it starts going out. */
    private record Respond(int status, String contentType, byte[] body, Map<String, String> headers,
                           Runnable onSend) implements Reply {
        Respond(int status, String contentType, byte[] body) {
            this(status, contentType, body, Map.of(), () -> { });
        }
    }

    /** Close the connection without a response. */
    private record Drop() implements Reply {
    }

    /** Never answer (until the hold expires or the server stops). */
    private record Hold() implements Reply {
    }

    private enum Endpoint {
        GET_LEAD(SandboxStats.GET_LEAD), LIST_LEADS(SandboxStats.LIST_LEADS),
        AUTH_TEST(SandboxStats.AUTH_TEST), OTHER(SandboxStats.OTHER);

        final String label;

        Endpoint(String label) {
            this.label = label;
        }
    }

    private record Route(Endpoint endpoint, String leadId) {
        static Route of(String method, String rawPath) {
            if (!"GET".equals(method) || !rawPath.startsWith(BASE_PATH + "/")) {
                return new Route(Endpoint.OTHER, null);
            }
            String rest = rawPath.substring(BASE_PATH.length() + 1);
            if (rest.equals("leads") || rest.equals("leads/")) {
                return new Route(Endpoint.LIST_LEADS, null);
            }
            if (rest.equals("auth/test")) {
                return new Route(Endpoint.AUTH_TEST, null);
            }
            if (rest.startsWith("leads/")) {
                String segment = rest.substring("leads/".length());
                if (!segment.isEmpty() && segment.indexOf('/') < 0) {
                    return new Route(Endpoint.GET_LEAD, percentDecode(segment));
                }
            }
            return new Route(Endpoint.OTHER, null);
        }
    }

    private void handle(HttpExchange exchange) {
        try {
            // An authority- or asterisk-form request target has no path.
            String rawPath = java.util.Objects.requireNonNullElse(exchange.getRequestURI().getRawPath(), "");
            total.increment();
            recordPath(rawPath);
            Route route = Route.of(exchange.getRequestMethod(), rawPath);
            increment(byEndpoint, route.endpoint().label);
            Reply reply = decide(exchange, route);
            long delayNanos = reply instanceof Hold ? 0 : nextLatencyNanos();
            if (delayNanos == 0) {
                deliver(exchange, reply);
            } else {
                timer.schedule(() -> workers.execute(() -> deliver(exchange, reply)), delayNanos, TimeUnit.NANOSECONDS);
            }
        } catch (RuntimeException e) {
            // A bug here must not leave the client hanging: answer a plain 500.
            deliver(exchange, new Respond(500, JSON_TYPE, RotorBodies.utf8(RotorBodies.INTERNAL_ERROR)));
        }
    }

    private Reply decide(HttpExchange exchange, Route route) {
        if (route.endpoint() == Endpoint.OTHER) {
            return new Respond(404, HTML_TYPE,
                    RotorBodies.routeNotFound(exchange.getRequestMethod(),
                            java.util.Objects.requireNonNullElse(exchange.getRequestURI().getRawPath(), "")));
        }
        String key = exchange.getRequestHeaders().getFirst(API_KEY_HEADER);
        Set<String> scopes = key == null ? null : scopesByKey.get(key);
        if (scopes == null) {
            return json(401, RotorBodies.UNAUTHORIZED);
        }
        QuotaLedger.Admission admission = ledger.admit(key);
        if (admission.lateArrival()) {
            lateArrivals.increment();
        }
        if (!admission.allowed()) {
            Map<String, String> headers = options.sendRetryAfter()
                    ? Map.of("Retry-After", Long.toString(admission.retryAfterSeconds()))
                    : Map.of();
            return new Respond(429, JSON_TYPE, RotorBodies.utf8(RotorBodies.rateLimited(
                    options.quotaEnabled() ? options.quota() : SandboxOptions.ROTOR_DAILY_QUOTA)), headers,
                    () -> ledger.rateLimitSent(key, admission.period()));
        }
        if (route.endpoint() == Endpoint.AUTH_TEST) {
            return authTest(scopes);
        }
        if (!scopes.contains(SandboxOptions.SCOPE_LEADS_READ)) {
            return json(403, RotorBodies.FORBIDDEN);
        }
        Reply fault = injectedFault(route);
        if (fault != null) {
            return fault;
        }
        if (route.endpoint() == Endpoint.LIST_LEADS) {
            return listLeads(exchange.getRequestURI().getRawQuery());
        }
        byte[] body = route.leadId() == null ? null : catalog.successBody(route.leadId());
        return body == null ? json(404, RotorBodies.NOT_FOUND) : new Respond(200, JSON_TYPE, body);
    }

    private Reply injectedFault(Route route) {
        double roll;
        MalformedKind kind;
        synchronized (faultRandom) {
            roll = faultRandom.nextDouble();
            kind = malformedKinds.isEmpty() ? null : malformedKinds.get(faultRandom.nextInt(malformedKinds.size()));
        }
        double bound = options.errorRate();
        if (roll < bound) {
            increment(faults, InjectedFault.SERVER_ERROR);
            return json(500, RotorBodies.INTERNAL_ERROR);
        }
        bound += options.timeoutRate();
        if (roll < bound) {
            increment(faults, InjectedFault.TIMEOUT);
            return new Hold();
        }
        bound += options.resetRate();
        if (roll < bound) {
            increment(faults, InjectedFault.RESET);
            return new Drop();
        }
        bound += options.malformedRate();
        if (roll < bound) {
            increment(faults, InjectedFault.MALFORMED);
            increment(malformed, kind);
            return malformedBody(kind, route.leadId());
        }
        return null;
    }

    private Reply malformedBody(MalformedKind kind, String leadId) {
        return switch (kind) {
            case HTML -> new Respond(200, HTML_TYPE, RotorBodies.utf8(
                    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
                            + "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
                            + "</body>\r\n</html>\r\n"));
            case TRUNCATED_JSON -> {
                byte[] full = catalog.successBody(leadId != null && catalog.contains(leadId)
                        ? leadId : LeadCatalog.EXAMPLE_LEAD_ID);
                yield new Respond(200, JSON_TYPE, Arrays.copyOf(full, Math.max(1, full.length * 2 / 3)));
            }
            case WRONG_TYPES -> {
                ObjectNode body = JSON.objectNode();
                body.putArray("data").add(leadId == null ? "" : leadId);
                body.put("status", 1);
                yield new Respond(200, JSON_TYPE, LeadCatalog.render(body));
            }
            case WRONG_FIELD_TYPES -> {
                ObjectNode lead = JSON.objectNode();
                lead.put("id", 182);
                lead.put("archived", "yes");
                lead.put("created_at", 1577470279117L);
                lead.put("location", "north-east");
                lead.put("name", JSON.objectNode().put("first", "Ada").toString());
                lead.putObject("phone").put("home", "+1 (512) 555-0100");
                lead.put("priority", 3);
                lead.put("projected_value", "about ten thousand");
                lead.put("tags", "solar,vip");
                lead.putArray("value_score").add("high");
                yield new Respond(200, JSON_TYPE, LeadCatalog.render(LeadCatalog.successEnvelope(lead)));
            }
        };
    }

    private Reply authTest(Set<String> scopes) {
        ObjectNode body = JSON.objectNode();
        body.put("status", "success");
        body.put("authenticated", true);
        body.put("company_id", companyId);
        body.put("user_id", userId);
        body.put("auth_method", "api_key");
        ArrayNode scopeArray = body.putArray("scopes");
        new TreeSet<>(scopes).forEach(scopeArray::add);
        body.put("timestamp", LeadCatalog.ROTOR_INSTANT.format(options.clock().instant()));
        return new Respond(200, JSON_TYPE, LeadCatalog.render(body));
    }

    private Reply listLeads(String rawQuery) {
        Map<String, String> query = parseQuery(rawQuery);
        Integer page = parsePositive(query.get("page"), 1);
        if (page == null) {
            return json(400, RotorBodies.badRequest("page must be a positive integer"));
        }
        Integer limit = parsePositive(query.get("limit"), DEFAULT_PAGE_LIMIT);
        if (limit == null || limit > MAX_PAGE_LIMIT) {
            return json(400, RotorBodies.badRequest("limit must be between 1 and " + MAX_PAGE_LIMIT));
        }
        boolean archived = Boolean.parseBoolean(query.getOrDefault("archived", "false"));
        boolean includeAll = archived && options.archivedReading() == ArchivedReading.INCLUDE_ARCHIVED;
        String stage = query.get("stage");
        List<String> tags = query.containsKey("tags")
                ? Arrays.stream(query.get("tags").split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList()
                : List.of();
        String search = query.containsKey("search") ? query.get("search").toLowerCase(Locale.ROOT) : null;

        List<LeadCatalog.Listing> matching = new ArrayList<>();
        for (LeadCatalog.Listing lead : catalog.listed()) {
            if ((includeAll || lead.archived() == archived)
                    && (stage == null || stage.equals(lead.stage()))
                    && (tags.isEmpty() || tags.stream().anyMatch(lead.tags()::contains)) // "any of the specified tags"
                    && (search == null || lead.searchText().contains(search))) {
                matching.add(lead);
            }
        }
        long from = (long) (page - 1) * limit;
        ObjectNode body = JSON.objectNode();
        ArrayNode data = body.putArray("data");
        for (long i = from; i < Math.min(matching.size(), from + limit); i++) {
            data.add(catalog.lead(matching.get((int) i).id()).orElseThrow());
        }
        ObjectNode pagination = body.putObject("pagination");
        pagination.put("has_more", from + limit < matching.size());
        pagination.put("limit", limit);
        pagination.put("page", page);
        pagination.put("total", matching.size());
        body.put("status", "success");
        return new Respond(200, JSON_TYPE, LeadCatalog.render(body));
    }

    /** null when present but not a positive integer. */
    private static Integer parsePositive(String value, int fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            return parsed >= 1 ? parsed : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            query.putIfAbsent(percentDecode(name.replace('+', ' ')), percentDecode(value.replace('+', ' ')));
        }
        return query;
    }

    /** RFC 3986 percent-decoding to UTF-8; a broken escape is kept literally. */
    static String percentDecode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length()
                    && Character.digit(raw.charAt(i + 1), 16) >= 0 && Character.digit(raw.charAt(i + 2), 16) >= 0) {
                bytes.write(Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
                i += 2;
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private void deliver(HttpExchange exchange, Reply reply) {
        if (reply instanceof Hold) {
            held.add(exchange);
            try {
                timer.schedule(() -> release(exchange), options.timeoutHold().toNanos(), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                release(exchange);
            }
            return;
        }
        if (reply instanceof Drop) {
            // Closing before any response header was sent makes the JDK server close the connection.
            exchange.close();
            return;
        }
        Respond respond = (Respond) reply;
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", respond.contentType());
            respond.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            // Counted before the body goes out: once the client holds the response, the stats show it, and
            // a request the client sends after reading a 429 can never slip in before the 429 is marked.
            increment(byStatus, respond.status());
            respond.onSend().run();
            exchange.sendResponseHeaders(respond.status(), respond.body().length == 0 ? -1 : respond.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(respond.body());
            }
        } catch (IOException clientGone) {
            // The client closed first (its own timeout): nothing to answer.
        }
    }

    private void release(HttpExchange exchange) {
        if (held.remove(exchange)) {
            exchange.close();
        }
    }

    private long nextLatencyNanos() {
        long fixed = options.latency().toNanos();
        long jitter = options.latencyJitter().toNanos();
        if (jitter == 0) {
            return fixed;
        }
        double roll;
        synchronized (latencyRandom) {
            roll = latencyRandom.nextDouble();
        }
        return fixed + (long) (roll * jitter);
    }

    private void recordPath(String rawPath) {
        synchronized (paths) {
            if (paths.size() < options.maxRecordedPaths()) {
                paths.add(rawPath);
            } else {
                unrecordedPaths++;
            }
        }
    }

    private static Respond json(int status, String body) {
        return new Respond(status, JSON_TYPE, RotorBodies.utf8(body));
    }

    private static <K> void increment(Map<K, LongAdder> counters, K key) {
        counters.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    private static <K> Map<K, Long> sums(Map<K, LongAdder> counters) {
        Map<K, Long> result = new HashMap<>();
        counters.forEach((k, v) -> result.put(k, v.sum()));
        return result;
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public String toString() {
        return "SandboxRotorServer[" + (closed.get() ? "closed" : baseUrl()) + "]";
    }
}
