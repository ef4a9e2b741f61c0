package io.rotor.enricher.rotor;

import java.time.Instant;
import java.util.Objects;

/**
 * The quota gate's state: closed until {@code closedUntil} because of {@code reason} (RATE_LIMITED, AUTH_FAILED or
 * UNEXPECTED_STATUS), or open. Shared between instances through the gate topic, so it is a plain value.
 */
public record GateState(Instant closedUntil, Outcome reason, String detail) {
    public static final GateState OPEN = new GateState(Instant.EPOCH, null, null);

    public GateState {
        Objects.requireNonNull(closedUntil, "closedUntil");
    }

    public boolean isClosedAt(Instant now) {
        return now.isBefore(closedUntil);
    }
}
