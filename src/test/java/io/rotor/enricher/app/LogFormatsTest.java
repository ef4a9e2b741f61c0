package io.rotor.enricher.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ENRICHER_LOG_FORMAT=json: one object per line with exactly the README's fields, the message already formatted. */
class LogFormatsTest {

    @Test
    void aLineIsOneObjectWithThePinnedFields() throws Exception {
        LoggerContext context = new LoggerContext();
        JsonEncoder encoder = LogFormats.jsonEncoder(context);
        LoggingEvent event = new LoggingEvent("fqcn", context.getLogger("io.rotor.enricher.topology.LeadCache"), Level.WARN,
                "Lead {}: {}", new IllegalStateException("too large\nsecond line"), new Object[] {"lead-1", "over the limit"});
        event.setThreadName("enricher-StreamThread-1");
        event.setMDCPropertyMap(Map.of("lead", "lead-1", "task", "1_0"));

        String line = new String(encoder.encode(event), StandardCharsets.UTF_8);
        assertThat(line).endsWith("\n");
        assertThat(line.strip()).doesNotContain("\n");
        JsonNode json = new ObjectMapper().readTree(line);
        List<String> fields = new ArrayList<>();
        json.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyInAnyOrder("timestamp", "level", "threadName", "loggerName", "mdc",
                "formattedMessage", "throwable");
        assertThat(json.get("level").asText()).isEqualTo("WARN");
        assertThat(json.get("formattedMessage").asText()).isEqualTo("Lead lead-1: over the limit");
        assertThat(json.get("mdc").get("lead").asText()).isEqualTo("lead-1");
        assertThat(json.get("mdc").get("task").asText()).isEqualTo("1_0");
        assertThat(json.get("throwable").get("message").asText()).isEqualTo("too large\nsecond line");
        assertThat(json.get("timestamp").asLong()).isPositive();
    }
}
