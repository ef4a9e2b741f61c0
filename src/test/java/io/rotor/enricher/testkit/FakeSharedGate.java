package io.rotor.enricher.testkit;

import io.rotor.enricher.rotor.GateState;
import io.rotor.enricher.rotor.Outcome;
import io.rotor.enricher.rotor.SharedGate;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/** A SharedGate the test closes by hand; adopt keeps the later closing time, like the real gate. */
public final class FakeSharedGate implements SharedGate {
    private final AtomicReference<GateState> state = new AtomicReference<>(GateState.OPEN);

    @Override
    public GateState current() {
        return state.get();
    }

    @Override
    public void adopt(GateState seen) {
        state.accumulateAndGet(seen, (mine, theirs) -> theirs.closedUntil().isAfter(mine.closedUntil()) ? theirs : mine);
    }

    /** Takes the epoch's state, as the real gate does when it closed before the reopening. */
    @Override
    public void reopen(GateState epochState, Instant reopenedAt) {
        state.set(epochState);
    }

    /** What the client does on a 429: closes until {@code until}. */
    public void close(Instant until, Outcome reason) {
        adopt(new GateState(until, reason, "closed by test"));
    }
}
