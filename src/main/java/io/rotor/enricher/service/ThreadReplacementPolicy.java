package io.rotor.enricher.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import io.rotor.enricher.topology.Quarantine;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A failed stream thread (registry unavailable, broker timeouts: the environment, never the event) is replaced,
 * up to {@link #MAX_REPLACEMENTS} times within {@link #WINDOW}; the next failure shuts the client down and the
 * process exits non-zero with the reason. A failure the {@link Quarantine} expects (a refused record whose event
 * the replaced thread dead-letters) is replaced without counting: each such event causes one, once.
 * Readiness is false from a failure until Streams is RUNNING again.
 */
public final class ThreadReplacementPolicy implements StreamsUncaughtExceptionHandler {
    public static final int MAX_REPLACEMENTS = 5;
    public static final Duration WINDOW = Duration.ofMinutes(10);

    private static final Logger LOG = LoggerFactory.getLogger(ThreadReplacementPolicy.class);

    private final Clock clock;
    private final Quarantine quarantine;
    private final Deque<Instant> replacements = new ArrayDeque<>();
    private final AtomicBoolean replacing = new AtomicBoolean();
    private final AtomicReference<String> fatalReason = new AtomicReference<>();
    private final java.util.concurrent.atomic.LongAdder replaced = new java.util.concurrent.atomic.LongAdder();

    public ThreadReplacementPolicy(Clock clock, Quarantine quarantine) {
        this.clock = clock;
        this.quarantine = quarantine;
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(Throwable failure) {
        Instant now = clock.instant();
        while (!replacements.isEmpty() && !replacements.peekFirst().isAfter(now.minus(WINDOW))) {
            replacements.removeFirst();
        }
        String cause = describe(failure);
        if (quarantine.claimFailure()) {
            replacing.set(true);
            replaced.increment();
            LOG.warn("Stream thread failed on a quarantined event's refused record, replacing it (not counted): {}", cause);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        }
        if (replacements.size() >= MAX_REPLACEMENTS) {
            String reason = "stream thread failed " + (MAX_REPLACEMENTS + 1) + " times within " + WINDOW.toMinutes()
                    + " minutes; last failure: " + cause;
            fatalReason.compareAndSet(null, reason);
            LOG.error("Shutting down: {}", reason, failure);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        replacements.addLast(now);
        replacing.set(true);
        replaced.increment();
        LOG.error("Stream thread failed ({} of {} replacements within {} minutes), replacing it: {}",
                replacements.size(), MAX_REPLACEMENTS, WINDOW.toMinutes(), cause, failure);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    /** Streams reached RUNNING: the replacement, if any, is complete. */
    public void running() {
        replacing.set(false);
    }

    /** Stream threads replaced so far, the quarantine's included. */
    public long replaced() {
        return replaced.sum();
    }

    public boolean replacing() {
        return replacing.get();
    }

    /** Why the client was shut down, once it was. */
    public String fatalReason() {
        return fatalReason.get();
    }

    private static String describe(Throwable failure) {
        // Kafka wraps the real cause in StreamsException; the innermost message says what happened.
        Throwable t = failure;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
