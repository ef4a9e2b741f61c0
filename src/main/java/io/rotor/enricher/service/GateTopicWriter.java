package io.rotor.enricher.service;

import io.rotor.enricher.config.EnricherConfig;
import io.rotor.enricher.config.KafkaPropertyNames;
import io.rotor.enricher.topology.GateRecord;
import io.rotor.enricher.topology.GateStateJson;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes one record to the gate topic outside the service: {@code gate open}'s reopening. Not transactional (the
 * instances read the topic {@code read_committed}, which shows records written outside transactions too), acked by
 * every in-sync replica before it counts as published.
 */
public final class GateTopicWriter {
    private GateTopicWriter() {
    }

    /** Publishes {@code record} under {@code gateKey}; returns where it was written. */
    public static RecordMetadata publish(EnricherConfig config, String gateKey, GateRecord record, Duration timeout) {
        Map<String, Object> props = EnricherService.clientProperties(config,
                KafkaPropertyNames.producerProperties(config.kafkaProperties()));
        props.put(ProducerConfig.CLIENT_ID_CONFIG, config.topology().applicationId() + "-gate-open");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        int delivery = (int) Math.min(Math.max(1_000, timeout.toMillis()), Integer.MAX_VALUE);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, delivery);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(delivery / 2, 30_000));
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.max(1_000, timeout.toMillis()));
        props.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            return producer.send(new ProducerRecord<>(config.topology().gateTopic(), gateKey, GateStateJson.encode(record)))
                    .get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing to " + config.topology().gateTopic(), e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("publishing to the gate topic " + config.topology().gateTopic() + " failed: " + cause, cause);
        }
    }
}
