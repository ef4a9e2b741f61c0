package io.rotor.enricher.rotor;

import io.micrometer.core.instrument.MeterRegistry;
import io.rotor.enricher.config.Durations;
import io.rotor.enricher.config.RotorSettings;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.hc.client5.http.async.AsyncExecCallback;
import org.apache.hc.client5.http.async.AsyncExecChain;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.support.AsyncRequestBuilder;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolStats;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rotor's Open API client: {@code GET {base}/leads/{id}} on HttpClient 5's async client with a bounded connection
 * pool (no thread per request). Every lookup completes normally with a {@link LookupResult}; it is refused without
 * a call while the shared {@link QuotaGate} is closed or this instance's {@link Breaker} is open. The gate and the
 * breaker are checked again just before a queued request goes on the wire, so after a 429 no further request
 * leaves this client until resumeAt (requests already sent may still return).
 *
 * <p>Futures complete on the client's I/O threads: callers must not block in their continuations.
 */
public final class RotorClient implements LeadLookup, AutoCloseable, LeadLister {
    private static final Logger LOG = LoggerFactory.getLogger(RotorClient.class);

    public static final String HEADER_API_KEY = "x-api-key";
    public static final String HEADER_API_VERSION = "rotor-api-version";
    public static final String API_VERSION = "1.1.0";
    public static final String SERVICE_NAME = "rotor-lead-enricher";
    /** Larger bodies are not read: BAD_RESPONSE for a 200, the status alone otherwise. */
    public static final int MAX_BODY_BYTES = 1 << 20;
    /** Response header fields accepted per response; more is a BAD_RESPONSE (Rotor sends about a dozen). */
    public static final int MAX_RESPONSE_HEADERS = 100;
    /** Longest status or header line accepted, in characters; longer is a BAD_RESPONSE. */
    public static final int MAX_HEADER_LINE_CHARS = 8 * 1024;

    private static final String EXCHANGE_ATTRIBUTE = "io.rotor.enricher.exchange";

    static final String CLOSED_MESSAGE = "Rotor client closed before Rotor answered";

    private final RotorSettings settings;
    private final Clock clock;
    private final RotorEndpoints endpoints;
    private final KeyFaultDetector keyFaults;
    private final QuotaGate gate;
    private final Breaker breaker;
    private final RotorMetrics metrics;
    private final ResponseClassifier classifier;
    private final LeadPageParser pageParser;
    private final PoolingAsyncClientConnectionManager connections;
    private final CloseableHttpAsyncClient http;
    private final String userAgent;
    /** One thread for all exchanges: ends requests that trickle past ROTOR_RESPONSE_TIMEOUT. */
    private final ScheduledThreadPoolExecutor deadlines;
    /** Lookups not answered yet: close() completes them, so no caller waits on a future that never ends. */
    private final Set<CompletableFuture<LookupResult>> unanswered = ConcurrentHashMap.newKeySet();
    private final Set<CompletableFuture<LeadPage>> unansweredPages = ConcurrentHashMap.newKeySet();
    private volatile boolean closing;

    /**
     * Validates the settings (an {@code http://} base URL needs ROTOR_ALLOW_HTTP) and starts the I/O reactor.
     *
     * @param clock    the time the gate, breaker and daily counter see (tests pass a controlled one)
     * @param registry where the {@link RotorMetrics} meters go; one client per registry (gauges register once)
     * @throws IllegalArgumentException for an unusable base URL or pool size; the message never holds the key
     */
    public RotorClient(RotorSettings settings, Clock clock, MeterRegistry registry) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(registry, "registry");
        if (settings.maxConnections() < 1) {
            throw new IllegalArgumentException("ROTOR_MAX_CONNECTIONS must be at least 1, was " + settings.maxConnections());
        }
        this.endpoints = new RotorEndpoints(settings.baseUrl(), settings.allowHttp());
        if (endpoints.isPlainHttp()) {
            LOG.warn("ROTOR_ALLOW_HTTP=true: calling {} over plain http; the API key travels unencrypted. Use this only for a local sandbox.",
                    settings.baseUrl());
        }
        if (settings.apiKey().isEmpty()) {
            LOG.warn("ROTOR_API_KEY is empty: Rotor will answer 401 and lookups will wait for the key to be fixed");
        }
        DailyReset dailyReset = new DailyReset(settings.quotaResetTime(), settings.quotaResetZone());
        this.gate = new QuotaGate(settings.authBackoff(), clock);
        this.keyFaults = new KeyFaultDetector(settings.keyFaultLeads(), settings.authBackoff());
        this.breaker = new Breaker(settings.breakerFailures(), settings.breakerBackoff(),
                RotorSettings.BREAKER_BACKOFF_CEILING, settings.connectTimeout().plus(settings.responseTimeout()));
        this.metrics = new RotorMetrics(registry, clock, dailyReset, settings.dailyBudget(), gate, breaker);
        this.classifier = new ResponseClassifier(new LeadMapper(), dailyReset, this::redact);
        this.pageParser = new LeadPageParser(new LeadMapper());
        this.userAgent = SERVICE_NAME + "/" + version();
        this.deadlines = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "rotor-client-deadline");
            t.setDaemon(true);
            return t;
        });
        deadlines.setRemoveOnCancelPolicy(true);

        this.connections = PoolingAsyncClientConnectionManagerBuilder.create()
                .setMaxConnTotal(settings.maxConnections())
                .setMaxConnPerRoute(settings.maxConnections())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(timeout(settings.connectTimeout()))
                        .setSocketTimeout(timeout(settings.responseTimeout()))
                        .build())
                .build();
        this.http = HttpAsyncClients.custom()
                .setConnectionManager(connections)
                // Bounded like the body: a hostile or broken upstream cannot fill the heap with its response head.
                .setHttp1Config(Http1Config.custom()
                        .setMaxHeaderCount(MAX_RESPONSE_HEADERS)
                        .setMaxLineLength(MAX_HEADER_LINE_CHARS)
                        .build())
                // One request per connection keeps ROTOR_MAX_CONNECTIONS a real bound on concurrent requests.
                .setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(timeout(settings.connectTimeout().plus(settings.responseTimeout())))
                        .setResponseTimeout(timeout(settings.responseTimeout()))
                        .build())
                // A retry or a followed redirect would spend quota behind the gate's back (and a redirect could
                // carry the key to another host).
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .evictIdleConnections(TimeValue.ofMinutes(1))
                .setThreadFactory(namedThreads())
                .addExecInterceptorBefore(ChainElement.MAIN_TRANSPORT.name(), "rotor-gate", this::beforeSend)
                // The default callback logs at ERROR, also the selector exceptions an immediate close causes.
                .setIoReactorExceptionCallback(this::ioReactorFailed)
                .build();
        http.start();
    }

    /** The quota gate: the topology shares its state between instances and restarts. */
    public QuotaGate gate() {
        return gate;
    }

    /** This instance's circuit breaker (read-only use: state and next probe time). */
    public Breaker breaker() {
        return breaker;
    }

    /** The User-Agent sent with every request: {@code rotor-lead-enricher/<Implementation-Version or dev>}. */
    public String userAgent() {
        return userAgent;
    }

    /**
     * Looks a lead up. Never blocks, never completes exceptionally.
     *
     * @throws IllegalArgumentException for an id that cannot be a path segment (empty, '.', '..', unpaired
     *                                  surrogate); the topology rejects these with {@link LeadIdValidator} first
     */
    @Override
    public CompletableFuture<LookupResult> lookup(String leadId) {
        URI uri = endpoints.lead(leadId);
        Instant now = clock.instant();
        Optional<LookupResult> closed = gate.refusal(now);
        if (closed.isPresent()) {
            metrics.refusedByGate(CallPurpose.LOOKUP);
            return CompletableFuture.completedFuture(closed.get());
        }
        Breaker.Admission admission = breaker.admit(now);
        if (admission instanceof Breaker.Refused refused) {
            metrics.refusedByBreaker(CallPurpose.LOOKUP);
            return CompletableFuture.completedFuture(refused.result());
        }
        Exchange exchange = new Exchange(((Breaker.Admitted) admission).permit());
        CompletableFuture<LookupResult> result = new CompletableFuture<>();
        unanswered.add(result);
        result.whenComplete((r, e) -> unanswered.remove(result));
        if (closing) {
            result.complete(LookupResult.failure(Outcome.NETWORK, 0, null, CLOSED_MESSAGE));
            return result;
        }
        long started = System.nanoTime();
        send(uri, exchange, new FutureCallback<>() {
            @Override
            public void completed(RawResponse response) {
                finishLookup(exchange, result, started, leadId, c -> c.classify(response, clock.instant(), leadId));
            }

            @Override
            public void failed(Exception ex) {
                finishLookup(exchange, result, started, leadId, c -> c.classifyFailure(ex, clock.instant()));
            }

            @Override
            public void cancelled() {
                finishLookup(exchange, result, started, leadId, c -> exchange.deadlineHit
                        ? LookupResult.failure(Outcome.TIMEOUT, 0, null, "no complete response within "
                                + Durations.format(settings.responseTimeout()) + " of sending the request")
                        : LookupResult.failure(Outcome.NETWORK, 0, null, "request cancelled: the client is closing"));
            }
        });
        return result;
    }

    /**
     * One page of {@code GET {base}/leads}: refused without a call while the gate is closed or the breaker open; a
     * 429 or a key fault closes the gate as a lookup's would. The body is read up to {@code maxBodyBytes} (a page of
     * 1,000 real leads can be several MiB) and parsed lead by lead; a body over the cap is {@link LeadPage#tooLarge}
     * (ask again with {@link LeadListQuery#halved()}) and never counts as a breaker failure. Never completes
     * exceptionally.
     */
    @Override
    public CompletableFuture<LeadPage> listLeads(LeadListQuery query, int maxBodyBytes, CallPurpose purpose) {
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be positive, was " + maxBodyBytes);
        }
        Instant now = clock.instant();
        Optional<LookupResult> closed = gate.refusal(now);
        if (closed.isPresent()) {
            metrics.refusedByGate(purpose);
            return CompletableFuture.completedFuture(LeadPage.failed(closed.get()));
        }
        Breaker.Admission admission = breaker.admit(now);
        if (admission instanceof Breaker.Refused refused) {
            metrics.refusedByBreaker(purpose);
            return CompletableFuture.completedFuture(LeadPage.failed(refused.result()));
        }
        Exchange exchange = new Exchange(((Breaker.Admitted) admission).permit());
        CompletableFuture<LeadPage> result = new CompletableFuture<>();
        unansweredPages.add(result);
        result.whenComplete((r, e) -> unansweredPages.remove(result));
        if (closing) {
            breaker.abandon(exchange.permit);
            result.complete(LeadPage.failed(LookupResult.failure(Outcome.NETWORK, 0, null, CLOSED_MESSAGE)));
            return result;
        }
        long started = System.nanoTime();
        send(endpoints.leads(query), exchange, maxBodyBytes, new FutureCallback<>() {
            @Override
            public void completed(RawResponse response) {
                finishPage(exchange, result, started, purpose, () -> response.status() == 200
                        ? pageParser.parse(response.body())
                        : LeadPage.failed(classifier.classify(response, clock.instant())));
            }

            @Override
            public void failed(Exception ex) {
                finishPage(exchange, result, started, purpose, () -> {
                    if (ResponseClassifier.unwrap(ex) instanceof BodyTooLargeException tooLarge && tooLarge.head().status() == 200) {
                        return LeadPage.tooLarge(maxBodyBytes);
                    }
                    return LeadPage.failed(classifier.classifyFailure(ex, clock.instant()));
                });
            }

            @Override
            public void cancelled() {
                finishPage(exchange, result, started, purpose, () -> LeadPage.failed(exchange.deadlineHit
                        ? LookupResult.failure(Outcome.TIMEOUT, 0, null, "no complete response within "
                                + Durations.format(settings.responseTimeout()) + " of sending the request")
                        : LookupResult.failure(Outcome.NETWORK, 0, null, "request cancelled: the client is closing")));
            }
        });
        return result;
    }

    /**
     * Checks the key with {@code GET {base}/auth/test}. A 429 means the key is valid and the quota spent: reported
     * as QUOTA_SPENT and the gate is closed. This diagnostic call is made even while the gate is closed. Never
     * completes exceptionally.
     */
    public CompletableFuture<AuthCheck> checkAuth() {
        CompletableFuture<AuthCheck> result = new CompletableFuture<>();
        long started = System.nanoTime();
        result.whenComplete((check, never) -> metrics.attempted(CallPurpose.AUTH, check.outcome(),
                Duration.ofNanos(System.nanoTime() - started)));
        Exchange exchange = new Exchange(null);
        send(endpoints.authTest(), exchange, new FutureCallback<>() {
            @Override
            public void completed(RawResponse response) {
                exchange.stopDeadline();
                finish(result, () -> {
                    Instant now = clock.instant();
                    AuthCheck check = classifier.authCheck(response, now);
                    if (check.status() == AuthCheck.Status.QUOTA_SPENT) {
                        gate.closeForRateLimit(check.resumeAt(), redact(check.message()), now);
                    }
                    return redact(check);
                }, RotorClient::authInternalError);
            }

            @Override
            public void failed(Exception ex) {
                exchange.stopDeadline();
                finish(result, () -> redact(classifier.authUnreachable(ex)), RotorClient::authInternalError);
            }

            @Override
            public void cancelled() {
                exchange.stopDeadline();
                finish(result, () -> new AuthCheck(AuthCheck.Status.UNREACHABLE, 0, null, null, exchange.deadlineHit
                        ? "no complete response within " + Durations.format(settings.responseTimeout())
                        : "request cancelled: the client is closing", null), RotorClient::authInternalError);
            }
        });
        return result;
    }

    /** Requests this instance sent since the last daily quota reset. */
    public long callsToday() {
        return metrics.callsToday();
    }

    PoolStats poolStats() {
        return connections.getTotalStats();
    }

    @Override
    public void close() {
        closing = true;
        // Immediate: waiting for Rotor would hold up shutdown by up to ROTOR_RESPONSE_TIMEOUT. Whatever was still
        // on the wire completes as NETWORK, and the topology re-issues it from its pending store after a restart.
        http.close(CloseMode.IMMEDIATE);
        deadlines.shutdownNow();
        for (CompletableFuture<LookupResult> f : List.copyOf(unanswered)) {
            f.complete(LookupResult.failure(Outcome.NETWORK, 0, null, CLOSED_MESSAGE));
        }
        for (CompletableFuture<LeadPage> f : List.copyOf(unansweredPages)) {
            f.complete(LeadPage.failed(LookupResult.failure(Outcome.NETWORK, 0, null, CLOSED_MESSAGE)));
        }
    }

    private void ioReactorFailed(Exception e) {
        if (!closing) {
            LOG.warn("Rotor client I/O reactor failed: {}", redact(String.valueOf(e)));
        }
    }

    @Override
    public String toString() {
        return "RotorClient[" + settings.baseUrl() + ", maxConnections=" + settings.maxConnections() + ", " + gate + "]";
    }

    /** One request: the breaker permit it holds, and a refusal if the gate or breaker stopped it before sending. */
    private static final class Exchange {
        final Breaker.Permit permit;
        volatile LookupResult refusedBeforeSend;
        volatile boolean refusedByGate;
        volatile boolean deadlineHit;
        volatile ScheduledFuture<?> deadline;

        Exchange(Breaker.Permit permit) {
            this.permit = permit;
        }

        boolean isLookup() {
            return permit != null;
        }

        void stopDeadline() {
            ScheduledFuture<?> d = deadline;
            if (d != null) {
                d.cancel(false);
            }
        }
    }

    /** Fails an exchange the gate or breaker stopped after it queued for a connection, before any byte was sent. */
    private static final class RefusedBeforeSend extends IOException {
        RefusedBeforeSend() {
            super("refused before sending", null);
        }
    }

    private void send(URI uri, Exchange exchange, FutureCallback<RawResponse> callback) {
        send(uri, exchange, MAX_BODY_BYTES, callback);
    }

    private void send(URI uri, Exchange exchange, int maxBodyBytes, FutureCallback<RawResponse> callback) {
        try {
            HttpClientContext context = HttpClientContext.create();
            context.setAttribute(EXCHANGE_ATTRIBUTE, exchange);
            http.execute(AsyncRequestBuilder.get(uri)
                            .addHeader(HEADER_API_KEY, settings.apiKey().reveal())
                            .addHeader(HEADER_API_VERSION, API_VERSION)
                            .addHeader(HttpHeaders.ACCEPT, "application/json")
                            .addHeader(HttpHeaders.USER_AGENT, userAgent)
                            .build(),
                    new BoundedResponseConsumer(maxBodyBytes), null, context, callback);
        } catch (RuntimeException e) {
            callback.failed(new IOException("request could not be started: " + e.getClass().getSimpleName(), null));
        }
    }

    /** Runs on the connection just leased, right before the request is written. */
    private void beforeSend(HttpRequest request, AsyncEntityProducer entity, AsyncExecChain.Scope scope,
                            AsyncExecChain chain, AsyncExecCallback callback) throws HttpException, IOException {
        Object attribute = scope.clientContext.getAttribute(EXCHANGE_ATTRIBUTE);
        if (attribute instanceof Exchange exchange && exchange.isLookup()) {
            Optional<LookupResult> refusal = gate.refusal(clock.instant());
            boolean byGate = refusal.isPresent();
            if (!byGate && !breaker.stillAdmits(exchange.permit)) {
                refusal = Optional.of(breaker.refusalNow());
            }
            if (refusal.isPresent()) {
                exchange.refusedByGate = byGate;
                exchange.refusedBeforeSend = refusal.get();
                callback.failed(new RefusedBeforeSend());
                return;
            }
        }
        metrics.requestSent();
        if (attribute instanceof Exchange exchange) {
            // The socket timeout only bounds silence; this bounds a response that trickles in byte by byte.
            exchange.deadline = deadlines.schedule(() -> {
                exchange.deadlineHit = true;
                scope.cancellableDependency.cancel();
            }, Math.max(1, settings.responseTimeout().toMillis()), TimeUnit.MILLISECONDS);
        }
        chain.proceed(request, entity, scope, callback);
    }

    private void finishLookup(Exchange exchange, CompletableFuture<LookupResult> result, long started, String leadId,
                              Function<ResponseClassifier, LookupResult> classify) {
        exchange.stopDeadline();
        finish(result, () -> {
            LookupResult refusal = exchange.refusedBeforeSend;
            if (refusal != null) {
                breaker.abandon(exchange.permit);
                if (exchange.refusedByGate) metrics.refusedByGate(CallPurpose.LOOKUP);
                else metrics.refusedByBreaker(CallPurpose.LOOKUP);
                return refusal;
            }
            LookupResult r;
            try {
                r = redact(classify.apply(classifier));
            } catch (RuntimeException bug) {
                // Still resolve the breaker permit below: a probe left pending would block every lookup.
                LOG.error("Rotor client failed to classify a response; reporting it as NETWORK", bug);
                r = LookupResult.failure(Outcome.NETWORK, 0, null, "internal error: " + bug.getClass().getSimpleName());
            }
            Instant now = clock.instant();
            switch (r.outcome()) {
                case RATE_LIMITED -> gate.closeForRateLimit(r.resumeAt(), rotorSaid(r), now);
                case AUTH_FAILED -> gate.closeForConfiguration(Outcome.AUTH_FAILED, rotorSaid(r) + ". " + authAdvice(r), now);
                case UNEXPECTED_STATUS -> {
                    if (keyFaults.isKeyFault(r.httpStatus(), leadId, now)) {
                        gate.closeForConfiguration(Outcome.UNEXPECTED_STATUS, rotorSaid(r) + ", for at least "
                                + settings.keyFaultLeads() + " distinct leads with no documented answer between them. Rotor does not answer this way: check "
                                + "ROTOR_BASE_URL (" + settings.baseUrl() + ") and any proxy in between", now);
                    }
                }
                case FOUND, NOT_FOUND -> keyFaults.answeredAsDocumented();
                default -> { }
            }
            breaker.record(exchange.permit, r.outcome(), now);
            metrics.attempted(CallPurpose.LOOKUP, r.outcome(), Duration.ofNanos(System.nanoTime() - started));
            return r;
        });
    }

    /** A page's answer: the gate and breaker learn from it as from a lookup's, except that an over-cap body is no failure. */
    private void finishPage(Exchange exchange, CompletableFuture<LeadPage> result, long started, CallPurpose purpose,
                            Supplier<LeadPage> classify) {
        exchange.stopDeadline();
        finish(result, () -> {
            LookupResult refusal = exchange.refusedBeforeSend;
            if (refusal != null) {
                breaker.abandon(exchange.permit);
                if (exchange.refusedByGate) metrics.refusedByGate(purpose);
                else metrics.refusedByBreaker(purpose);
                return LeadPage.failed(refusal);
            }
            LeadPage page;
            try {
                page = redact(classify.get());
            } catch (RuntimeException bug) {
                breaker.abandon(exchange.permit);
                throw bug;
            }
            Instant now = clock.instant();
            switch (page.outcome()) {
                case RATE_LIMITED -> gate.closeForRateLimit(page.resumeAt(), rotorSaid(page), now);
                case AUTH_FAILED -> gate.closeForConfiguration(Outcome.AUTH_FAILED, rotorSaid(page) + ". "
                        + authAdvice(page.httpStatus()), now);
                default -> { }
            }
            if (page.tooLarge()) {
                breaker.abandon(exchange.permit); // Rotor answered; the page is only too big for the cap
            } else {
                breaker.record(exchange.permit, page.outcome(), now);
            }
            metrics.attempted(purpose, page.outcome(), Duration.ofNanos(System.nanoTime() - started));
            return page;
        }, bug -> LeadPage.failed(LookupResult.failure(Outcome.NETWORK, 0, null, "internal error: " + bug)));
    }

    private static void finish(CompletableFuture<LookupResult> result, Supplier<LookupResult> outcome) {
        finish(result, outcome, bug -> LookupResult.failure(Outcome.NETWORK, 0, null, "internal error: " + bug));
    }

    /** Completes {@code result} normally whatever happens: a bug in classification becomes {@code fallback}. */
    private static <T> void finish(CompletableFuture<T> result, Supplier<T> outcome, Function<String, T> fallback) {
        T value;
        try {
            value = outcome.get();
        } catch (RuntimeException | Error bug) {
            LOG.error("Rotor client failed to classify a response", bug);
            value = fallback.apply(bug.getClass().getSimpleName());
        }
        result.complete(value);
    }

    private static AuthCheck authInternalError(String bug) {
        return new AuthCheck(AuthCheck.Status.UNEXPECTED_RESPONSE, 0, null, null, "internal error: " + bug, null);
    }

    private static String rotorSaid(LookupResult r) {
        return "HTTP " + r.httpStatus() + (r.errorCode() == null ? "" : " " + r.errorCode()) + ": " + r.message();
    }

    private static String rotorSaid(LeadPage p) {
        return "HTTP " + p.httpStatus() + (p.errorCode() == null ? "" : " " + p.errorCode()) + ": " + p.message();
    }

    private static String authAdvice(LookupResult r) {
        return authAdvice(r.httpStatus());
    }

    private static String authAdvice(int httpStatus) {
        return httpStatus == 403
                ? "Grant the API key the scope " + AuthCheck.LEADS_READ
                : "Check ROTOR_API_KEY: the key is missing, wrong or revoked";
    }

    /** Defence in depth: a message that somehow quotes the key loses it. */
    private String redact(String text) {
        String key = settings.apiKey().reveal();
        return text == null || key.isBlank() || !text.contains(key) ? text : text.replace(key, "****");
    }

    private LookupResult redact(LookupResult r) {
        String m = redact(r.message());
        return Objects.equals(m, r.message()) ? r
                : new LookupResult(r.outcome(), r.lead(), r.warnings(), r.httpStatus(), r.errorCode(), m, r.resumeAt(), r.attempted());
    }

    private LeadPage redact(LeadPage p) {
        String m = redact(p.message());
        return Objects.equals(m, p.message()) ? p
                : new LeadPage(p.outcome(), p.leads(), p.skipped(), p.hasMore(), p.total(), p.httpStatus(), p.errorCode(), m,
                        p.resumeAt(), p.attempted(), p.tooLarge());
    }

    private AuthCheck redact(AuthCheck c) {
        String m = redact(c.message());
        return Objects.equals(m, c.message()) ? c
                : new AuthCheck(c.status(), c.httpStatus(), c.companyId(), c.scopes(), m, c.resumeAt());
    }

    private static Timeout timeout(Duration d) {
        return Timeout.ofMilliseconds(Math.max(1, d.toMillis()));
    }

    private static ThreadFactory namedThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "rotor-client-io-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    static String version() {
        String v = RotorClient.class.getPackage().getImplementationVersion();
        return v == null || v.isBlank() ? "dev" : v;
    }
}
