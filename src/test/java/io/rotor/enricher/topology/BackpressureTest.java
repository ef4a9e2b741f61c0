package io.rotor.enricher.topology;

import static io.rotor.enricher.testkit.Fixtures.event;
import static io.rotor.enricher.testkit.Fixtures.leadId;
import static org.assertj.core.api.Assertions.assertThat;

import io.rotor.enricher.config.Settings;
import io.rotor.enricher.config.TopologySettings;
import io.rotor.enricher.testkit.TopologyHarness;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BackpressureTest {

    @Test
    void pastMaxPendingProcessWaitsAShortSliceForCompletionsThenAcceptsTheEvent() {
        TopologySettings settings = TopologyHarness.defaults().with(Settings.ENRICHER_MAX_PENDING, 2);
        try (TopologyHarness h = new TopologyHarness(settings)) {
            h.pipe(null, event(leadId(1)));
            h.pipe(null, event(leadId(2)));
            long start = System.nanoTime();
            h.pipe(null, event(leadId(3)));
            long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(waitedMs).as("waited for the slice").isGreaterThanOrEqualTo(LookupProcessor.BACKPRESSURE_SLICE.toMillis() - 5);
            assertThat(h.lookup.calls()).as("accepted anyway").isEqualTo(3);

            // A completion arriving from another thread during the slice is drained by process() itself.
            CompletableFuture<Void> completer = CompletableFuture.runAsync(() -> h.lookup.complete(leadId(1), TopologyHarness.foundFor(leadId(1))),
                    CompletableFuture.delayedExecutor(5, TimeUnit.MILLISECONDS));
            h.pipe(null, event(leadId(4)));
            completer.join();
            h.tick();
            assertThat(h.output.readRecordsToList()).hasSize(1);
        }
    }
}
