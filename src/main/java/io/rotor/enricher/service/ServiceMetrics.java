package io.rotor.enricher.service;

import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The one meter registry of the process: the Rotor client and the topology register on it, Kafka Streams' own
 * metrics are bound to it, and {@code /metrics} scrapes it. Meters carry no lead field and no key: tags are
 * outcomes, reasons, states and Kafka's client/thread/task ids only.
 */
public final class ServiceMetrics implements AutoCloseable {
    public static final String READY = "enricher.ready";
    public static final String INPUT_LAG = "enricher.input.lag";
    public static final String THREADS_REPLACED = "enricher.stream.threads.replaced";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private KafkaStreamsMetrics streamsMetrics;

    public ServiceMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /**
     * Binds Kafka Streams' client, thread, task and store metrics, and {@code enricher.input.lag}: the records of
     * {@code inputTopic} this instance's consumers have yet to read. Call once, before {@code start()}.
     */
    public synchronized void bind(KafkaStreams streams, String inputTopic) {
        if (streamsMetrics != null) {
            throw new IllegalStateException("Kafka Streams metrics already bound");
        }
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        io.micrometer.core.instrument.Gauge.builder(INPUT_LAG, streams, s -> inputLag(s.metrics(), inputTopic))
                .description("records of the input topic this instance's consumers have yet to read (Kafka's records-lag, summed)")
                .register(registry);
    }

    /**
     * The sum of the consumers' per-partition {@code records-lag} on {@code topic} (Kafka writes the topic tag with
     * dots as underscores); restore consumers are left out, their lag is not input waiting.
     */
    static double inputLag(Map<MetricName, ? extends Metric> metrics, String topic) {
        String tagged = topic.replace('.', '_');
        double lag = 0;
        for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
            MetricName name = e.getKey();
            if (!name.name().equals("records-lag") || !name.group().equals("consumer-fetch-manager-metrics")) {
                continue;
            }
            String t = name.tags().get("topic");
            String client = name.tags().getOrDefault("client-id", "");
            if (t == null || !(t.equals(topic) || t.equals(tagged)) || client.endsWith("restore-consumer")) {
                continue;
            }
            if (e.getValue().metricValue() instanceof Number n && !Double.isNaN(n.doubleValue())) {
                lag += n.doubleValue();
            }
        }
        return lag;
    }

    /**
     * {@code enricher.ready} (1 while {@code /health/ready} would answer 200, else 0) and
     * {@code enricher.stream.threads.replaced} (stream threads the service replaced after a failure).
     */
    public void bindHealth(HealthProbe health, ThreadReplacementPolicy replacement) {
        io.micrometer.core.instrument.Gauge.builder(READY, health, h -> h.readiness().ok() ? 1 : 0)
                .description("1 while the service is ready (/health/ready answers 200), else 0").register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder(THREADS_REPLACED, replacement, ThreadReplacementPolicy::replaced)
                .description("stream threads replaced after a failure").register(registry);
    }

    @Override
    public synchronized void close() {
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
        registry.close();
    }
}
