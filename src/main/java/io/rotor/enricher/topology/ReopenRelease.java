package io.rotor.enricher.topology;

import io.rotor.enricher.envelope.RetryState;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After an operator's {@code gate open}: this task's events parked for the cancelled closing are released over the
 * reopening's spread instead of at the quota reset, as after a reset, so a small quota increase is not spent in
 * seconds. Nothing else moves: an event waits for the cancelled closing when its last outcome is that closing's
 * reason and its due time lies past the spread and no later than the closing's end plus ENRICHER_RATE_LIMIT_SPREAD
 * (where a 429 or a refusal put it). Events are moved in slices per tick; a moved event's due time lies before
 * {@code now + spread}, outside what the next slice looks at, so a slice never moves one twice, and a restart
 * repeats nothing that was done.
 */
final class ReopenRelease {
    private static final Logger LOG = LoggerFactory.getLogger(ReopenRelease.class);

    private final RetryParking parking;
    private final RandomGenerator random;
    private final long rateLimitSpreadMs;
    private final String task;
    private long doneEpoch = -1;
    private long moved;

    ReopenRelease(RetryParking parking, RandomGenerator random, long rateLimitSpreadMs, String task) {
        this.parking = parking;
        this.random = random;
        this.rateLimitSpreadMs = rateLimitSpreadMs;
        this.task = task;
    }

    /** Whether {@code due} of an event with {@code retry} waits only for the closing {@code reopened} cancelled. */
    static boolean waitsForCancelledClosing(GateRecord reopened, RetryState retry, long dueMs, long nowMs, long rateLimitSpreadMs) {
        GateRecord.Reopening r = reopened.reopening();
        return retry.lastOutcome() == r.cancelledReason() && dueMs > nowMs + r.spreadMs()
                && dueMs <= r.cancelledUntilMs() + rateLimitSpreadMs;
    }

    /** A parked event's new due time: within the spread from now, never later than it was. */
    long releaseAt(GateRecord reopened, long dueMs, long nowMs) {
        long spread = reopened.reopening().spreadMs();
        return Math.min(dueMs, nowMs + (spread > 0 ? random.nextLong(spread) : 0));
    }

    /** The due time of an event arriving from the retry topic now: moved when it waits for a cancelled closing. */
    long dueOnArrival(Optional<GateRecord> inForce, RetryState retry, long dueMs, long nowMs) {
        if (inForce.isEmpty() || !waitsForCancelledClosing(inForce.get(), retry, dueMs, nowMs, rateLimitSpreadMs)) {
            return dueMs;
        }
        return releaseAt(inForce.get(), dueMs, nowMs);
    }

    /** Moves one slice of this task's parked events while a reopening this task has not finished is in force. */
    void tick(Optional<GateRecord> inForce, long nowMs) {
        if (inForce.isEmpty() || inForce.get().epoch() <= doneEpoch) {
            return;
        }
        GateRecord reopened = inForce.get();
        GateRecord.Reopening r = reopened.reopening();
        int slice = RetryParking.MAX_RELEASE_PER_POLL;
        int n = parking.moveEarlier(nowMs + r.spreadMs() + 1, r.cancelledUntilMs() + rateLimitSpreadMs, slice,
                (event, due) -> waitsForCancelledClosing(reopened, event.retry(), due, nowMs, rateLimitSpreadMs)
                        ? releaseAt(reopened, due, nowMs) : -1);
        moved += n;
        if (n < slice) {
            doneEpoch = reopened.epoch();
            if (moved > 0) {
                try (var t = org.slf4j.MDC.putCloseable(LogContext.TASK, task)) {
                    LOG.info("Task {}: the quota gate was reopened by {} (epoch {}); {} events parked for the {} closing "
                            + "are released over {} s", task, reopened.closedBy(), reopened.epoch(), moved,
                            r.cancelledReason(), r.spreadMs() / 1000);
                }
            }
            moved = 0;
        }
    }
}
