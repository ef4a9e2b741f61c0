package io.rotor.enricher.service;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations endpoints on ENRICHER_HTTP_PORT: {@code /health/live}, {@code /health/ready} (200 or 503 with a
 * one-line JSON body) and {@code /metrics} (Prometheus text format).
 */
public final class HealthServer implements AutoCloseable {
    public static final String LIVE_PATH = "/health/live";
    public static final String READY_PATH = "/health/ready";
    public static final String METRICS_PATH = "/metrics";
    static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final Logger LOG = LoggerFactory.getLogger(HealthServer.class);

    private final HttpServer server;
    private final ExecutorService executor;

    private HealthServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Binds {@code port} on all interfaces (0: a free port) and starts serving. */
    public static HealthServer start(int port, HealthProbe health, PrometheusMeterRegistry metrics) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 16);
        AtomicInteger threads = new AtomicInteger();
        // Two threads: a slow registry check behind /health/ready never blocks /health/live or /metrics for long.
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "enricher-http-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext(LIVE_PATH, exchange -> verdict(exchange, health::liveness));
        server.createContext(READY_PATH, exchange -> verdict(exchange, health::readiness));
        server.createContext(METRICS_PATH, exchange -> {
            if (allowed(exchange)) {
                respond(exchange, 200, PROMETHEUS_CONTENT_TYPE, metrics.scrape());
            }
        });
        server.createContext("/", exchange -> {
            if (allowed(exchange)) {
                respond(exchange, 404, "text/plain; charset=utf-8",
                        "not found; try " + LIVE_PATH + ", " + READY_PATH + " or " + METRICS_PATH + "\n");
            }
        });
        server.start();
        HealthServer started = new HealthServer(server, executor);
        LOG.info("Health and metrics on port {}: {}, {}, {}", started.port(), LIVE_PATH, READY_PATH, METRICS_PATH);
        return started;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void verdict(HttpExchange exchange, Supplier<HealthProbe.Verdict> probe) throws IOException {
        if (!allowed(exchange)) {
            return;
        }
        HealthProbe.Verdict verdict = probe.get();
        String body = "{\"status\":\"" + (verdict.ok() ? "UP" : "DOWN") + "\",\"detail\":\""
                + verdict.detail().replace("\\", "\\\\").replace("\"", "\\\"") + "\"}\n";
        respond(exchange, verdict.ok() ? 200 : 503, "application/json", body);
    }

    private static boolean allowed(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        if (method.equals("GET") || method.equals("HEAD")) {
            return true;
        }
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        respond(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n");
        return false;
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        try (exchange) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
