package io.rotor.enricher.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.rotor.enricher.testkit.Fixtures;
import io.rotor.enricher.testkit.TestLeadSerializer;
import io.rotor.enricher.testkit.TopologyHarness;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

class BaselinesTest {

    /** The diagnostic baseline writes what a cache hit of the service writes: the same header names, in order. */
    @Test
    void thePassthroughWithOutputHeadersWritesTheHeadersOfTheServicesCacheHit() {
        String lead = Fixtures.leadId(1);
        List<String> service;
        try (TopologyHarness h = new TopologyHarness()) {
            h.lookup.answerWith(TopologyHarness::foundFor);
            h.pipe(Fixtures.utf8(lead), Fixtures.event(lead));
            h.tick();
            h.output.readRecord();
            h.pipe(Fixtures.utf8(lead), Fixtures.event(lead));
            h.tick();
            TestRecord<String, byte[]> hit = h.output.readRecord();
            assertThat(TopologyHarness.header(hit.headers(), "rotor.cache-hit")).isEqualTo("true");
            service = names(hit.headers());
        }

        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "baselines-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try (TopologyTestDriver driver = new TopologyTestDriver(Baselines.passthroughWithOutputHeaders("in", "out", 2,
                Fixtures.lead(lead), new TestLeadSerializer()), props)) {
            TestInputTopic<byte[], byte[]> in = driver.createInputTopic("in", new ByteArraySerializer(), new ByteArraySerializer());
            TestOutputTopic<String, byte[]> out = driver.createOutputTopic("out", new StringDeserializer(), new ByteArrayDeserializer());
            in.pipeInput(Fixtures.utf8(lead), Fixtures.event(lead));
            TestRecord<String, byte[]> record = out.readRecord();
            assertThat(record.key()).isEqualTo(lead);
            assertThat(names(record.headers())).isEqualTo(service);
            assertThat(TopologyHarness.header(record.headers(), "rotor.origin.topic")).isEqualTo("in");
            assertThat(TopologyHarness.header(record.headers(), "rotor.origin.key")).isEqualTo(lead);
        }
    }

    private static List<String> names(Headers headers) {
        List<String> names = new ArrayList<>();
        for (Header h : headers) {
            names.add(h.key());
        }
        return names;
    }
}
