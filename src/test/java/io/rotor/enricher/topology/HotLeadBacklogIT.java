package io.rotor.enricher.topology;

import static io.rotor.enricher.testkit.Fixtures.leadId;
import static io.rotor.enricher.testkit.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.rotor.enricher.config.Settings;
import io.rotor.enricher.config.TopologySettings;
import io.rotor.enricher.testkit.TopologyHarness;
import java.time.Duration;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/**
 * One hot lead with a huge backlog, on a small heap: 100,000 events of 4 KB (400 MB) wait for one lookup that
 * answers after 30 s. Run by its own failsafe execution with -Xmx256m (see pom.xml): materialising the backlog,
 * or forwarding it in one punctuation, does not fit; bounded batches per drain do. What the driver captures is
 * read off as it goes, as a producer would send it.
 */
class HotLeadBacklogIT {
    private static final int EVENTS = 100_000;

    @Test
    void aHundredThousandFourKilobyteEventsOfOneLeadCompleteWithinA256MiBHeap() {
        assertThat(Runtime.getRuntime().maxMemory()).as("run with -Xmx256m").isLessThanOrEqualTo(300L * 1024 * 1024);
        TopologySettings settings = TopologyHarness.defaults().with(Settings.ENRICHER_MAX_PENDING, 2 * EVENTS);
        try (TopologyHarness h = new TopologyHarness(settings)) {
            String lead = leadId(1);
            String pad = "p".repeat(4_000);
            for (int i = 0; i < EVENTS; i++) {
                h.pipe(null, utf8("{\"lead_id\":\"" + lead + "\",\"n\":" + i + ",\"pad\":\"" + pad + "\"}"));
                if (i % 5_000 == 0) {
                    discardCaptured(h);
                }
            }
            discardCaptured(h);
            assertThat(h.lookup.calls()).isEqualTo(1);

            h.advance(Duration.ofSeconds(30));
            h.lookup.complete(lead, TopologyHarness.foundFor(lead));
            long emitted = 0;
            int drains = 0;
            while (emitted < EVENTS && drains < 1_000) {
                h.tick();
                drains++;
                long batch = h.output.getQueueSize();
                assertThat(batch).as("records forwarded by one drain").isLessThanOrEqualTo(CompletionDrain.MAX_RECORDS_PER_DRAIN);
                h.output.readRecordsToList();
                emitted += batch;
                discardCaptured(h);
            }
            assertThat(emitted).isEqualTo(EVENTS);
            assertThat(drains).isGreaterThanOrEqualTo(EVENTS / CompletionDrain.MAX_RECORDS_PER_DRAIN);
            assertThat(h.dlq.isEmpty()).isTrue();
            assertThat(h.lookup.calls()).isEqualTo(1);
        }
    }

    /** The changelog and repartition records the driver keeps, dropped as a broker would take them. */
    private static void discardCaptured(TopologyHarness h) {
        for (String topic : h.driver.producedTopicNames()) {
            if (!topic.equals(h.settings.outputTopic())) {
                h.driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer()).readRecordsToList();
            }
        }
    }
}
