package io.rotor.enricher.service;

/** What {@code /health/live} and {@code /health/ready} report. */
public interface HealthProbe {

    /** A verdict and the one-line reason shown in the response body. */
    record Verdict(boolean ok, String detail) {
    }

    /** Alive: Kafka Streams is RUNNING or REBALANCING; anything else asks the orchestrator for a restart. */
    Verdict liveness();

    /** Ready: RUNNING, no stream thread being replaced, and the registry reachable. */
    Verdict readiness();
}
