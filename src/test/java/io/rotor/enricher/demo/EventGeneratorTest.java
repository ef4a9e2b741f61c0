package io.rotor.enricher.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EventGeneratorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> KNOWN = IntStream.range(0, 100).mapToObj(i -> "lead-" + i).toList();

    private static List<GeneratedEvent> generate(EventMix mix, long seed, int n) {
        EventGenerator generator = new EventGenerator(KNOWN, mix, seed);
        List<GeneratedEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(generator.next());
        }
        return events;
    }

    @Test
    void sameSeedGivesSameStream() {
        List<GeneratedEvent> a = generate(EventMix.DEMO, 7, 500);
        List<GeneratedEvent> b = generate(EventMix.DEMO, 7, 500);
        assertThat(a).extracting(GeneratedEvent::valueText).containsExactlyElementsOf(b.stream().map(GeneratedEvent::valueText).toList());
    }

    @Test
    void kindsFollowTheMixAndEachKindHasItsShape() throws Exception {
        EventMix mix = new EventMix(0.1, 0.05, 0.05, 0.05, 0.05);
        List<GeneratedEvent> events = generate(mix, 1, 20_000);
        Map<GeneratedEvent.Kind, Integer> counts = new EnumMap<>(GeneratedEvent.Kind.class);
        for (GeneratedEvent e : events) {
            counts.merge(e.kind(), 1, Integer::sum);
        }
        assertThat(counts.get(GeneratedEvent.Kind.KNOWN)).isBetween(13_600, 14_400);
        assertThat(counts.get(GeneratedEvent.Kind.UNKNOWN)).isBetween(1_800, 2_200);
        for (GeneratedEvent.Kind invalid : List.of(GeneratedEvent.Kind.NOT_JSON, GeneratedEvent.Kind.NO_ID,
                GeneratedEvent.Kind.NUMERIC_ID, GeneratedEvent.Kind.DOT_DOT)) {
            assertThat(counts.get(invalid)).as(invalid.name()).isBetween(850, 1_150);
        }

        for (GeneratedEvent e : events) {
            switch (e.kind()) {
                case KNOWN -> {
                    assertThat(KNOWN).contains(e.leadId());
                    assertThat(JSON.readTree(e.value()).get("lead_id").asText()).isEqualTo(e.leadId());
                    assertThat(new String(e.key(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(e.leadId());
                }
                case UNKNOWN -> {
                    assertThat(KNOWN).doesNotContain(e.leadId());
                    assertThat(JSON.readTree(e.value()).get("lead_id").asText()).isEqualTo(e.leadId());
                }
                case NOT_JSON -> assertThatThrownBy(() -> JSON.readTree(e.value())).isInstanceOf(Exception.class);
                case NO_ID -> assertThat(JSON.readTree(e.value()).has("lead_id")).isFalse();
                case NUMERIC_ID -> assertThat(JSON.readTree(e.value()).get("lead_id").isNumber()).isTrue();
                case DOT_DOT -> assertThat(JSON.readTree(e.value()).get("lead_id").asText()).isEqualTo("..");
            }
            if (e.kind().invalid()) {
                assertThat(e.leadId()).isNull();
                assertThat(e.key()).isNull();
            } else {
                JsonNode type = JSON.readTree(e.value()).get("type");
                assertThat(type.asText()).startsWith("lead.");
            }
        }
    }

    @Test
    void knownLeadsAreHotAndRepeated() {
        List<GeneratedEvent> events = generate(new EventMix(0, 0, 0, 0, 0), 3, 10_000);
        Map<String, Integer> perLead = new HashMap<>();
        events.forEach(e -> perLead.merge(e.leadId(), 1, Integer::sum));
        // Zipf: the hottest lead is far above the average, and the top 10 % take most events.
        assertThat(perLead.get("lead-0")).isGreaterThan(1_000);
        int top10 = IntStream.range(0, 10).map(i -> perLead.getOrDefault("lead-" + i, 0)).sum();
        assertThat(top10).isGreaterThan(5_000);
        assertThat(perLead.keySet()).hasSizeGreaterThan(60);
    }

    @Test
    void unknownIdsComeFromASmallPoolSoTheyRepeat() {
        EventGenerator generator = new EventGenerator(KNOWN, new EventMix(1, 0, 0, 0, 0), 5);
        assertThat(generator.unknownIds()).hasSize(10).doesNotContainAnyElementsOf(KNOWN);
        for (int i = 0; i < 200; i++) {
            assertThat(generator.unknownIds()).contains(generator.next().leadId());
        }
    }

    @Test
    void zipfCdfIsIncreasingAndEndsAtOne() {
        double[] cdf = EventGenerator.zipfCdf(50, EventGenerator.ZIPF_EXPONENT);
        for (int i = 1; i < cdf.length; i++) {
            assertThat(cdf[i]).isGreaterThan(cdf[i - 1]);
        }
        assertThat(cdf[49]).isEqualTo(1.0);
    }

    @Test
    void rejectsImpossibleMixes() {
        assertThatThrownBy(() -> new EventMix(0.5, 0.5, 0.1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EventMix(-0.1, 0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EventGenerator(List.of(), EventMix.DEMO, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
