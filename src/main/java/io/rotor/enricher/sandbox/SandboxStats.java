package io.rotor.enricher.sandbox;

import java.util.List;
import java.util.Map;

/**
 * A snapshot of what the sandbox received and answered.
 *
 * @param totalRequests    every request received, routed or not
 * @param byEndpoint       requests per endpoint ({@link #GET_LEAD}, {@link #LIST_LEADS}, {@link #AUTH_TEST},
 *                         {@link #OTHER} for paths Rotor does not serve)
 * @param byStatus         responses the sandbox answered with, per HTTP status
 * @param faults           injected faults per kind
 * @param malformed        malformed bodies sent, per kind
 * @param lateArrivals     requests that arrived after their key's first 429 of the period had been sent
 * @param receivedPaths    the raw request paths (percent-encoding kept, no query), in arrival order, up to
 *                         {@link SandboxOptions#maxRecordedPaths()}
 * @param unrecordedPaths  paths received beyond that bound
 */
public record SandboxStats(
        long totalRequests,
        Map<String, Long> byEndpoint,
        Map<Integer, Long> byStatus,
        Map<InjectedFault, Long> faults,
        Map<MalformedKind, Long> malformed,
        long lateArrivals,
        List<String> receivedPaths,
        long unrecordedPaths) {

    public static final String GET_LEAD = "GET /leads/{id}";
    public static final String LIST_LEADS = "GET /leads";
    public static final String AUTH_TEST = "GET /auth/test";
    public static final String OTHER = "other";

    public SandboxStats {
        byEndpoint = Map.copyOf(byEndpoint);
        byStatus = Map.copyOf(byStatus);
        faults = Map.copyOf(faults);
        malformed = Map.copyOf(malformed);
        receivedPaths = List.copyOf(receivedPaths);
    }

    public long endpoint(String endpoint) {
        return byEndpoint.getOrDefault(endpoint, 0L);
    }

    public long status(int status) {
        return byStatus.getOrDefault(status, 0L);
    }

    public long fault(InjectedFault fault) {
        return faults.getOrDefault(fault, 0L);
    }

    /** 429s sent. */
    public long rateLimited() {
        return status(429);
    }
}
