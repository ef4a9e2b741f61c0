package io.rotor.enricher.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

class ServiceMetricsTest {

    private static void put(Map<MetricName, Metric> metrics, String name, String client, String topic, int partition, double value) {
        Map<String, String> tags = new HashMap<>();
        tags.put("client-id", client);
        if (topic != null) {
            tags.put("topic", topic);
            tags.put("partition", Integer.toString(partition));
        }
        MetricName metricName = new MetricName(name, "consumer-fetch-manager-metrics", "", tags);
        metrics.put(metricName, new Metric() {
            @Override
            public MetricName metricName() {
                return metricName;
            }

            @Override
            public Object metricValue() {
                return value;
            }
        });
    }

    @Test
    void theInputLagSumsTheInputTopicsPartitionsOfTheStreamConsumersOnly() {
        Map<MetricName, Metric> metrics = new HashMap<>();
        put(metrics, "records-lag", "app-StreamThread-1-consumer", "crm.lead_events", 0, 120);
        put(metrics, "records-lag", "app-StreamThread-2-consumer", "crm_lead_events", 1, 30); // Kafka's dot-free tag
        put(metrics, "records-lag", "app-StreamThread-1-consumer", "app-lead-id-repartition", 0, 999);
        put(metrics, "records-lag", "app-StateUpdater-1-restore-consumer", "crm.lead_events", 0, 777);
        put(metrics, "records-lag", "app-StreamThread-1-consumer", "crm.lead_events", 2, Double.NaN);
        put(metrics, "records-lag-max", "app-StreamThread-1-consumer", null, 0, 5000);

        assertThat(ServiceMetrics.inputLag(metrics, "crm.lead_events")).isEqualTo(150.0);
        assertThat(ServiceMetrics.inputLag(Map.of(), "crm.lead_events")).isZero();
    }
}
