package io.rotor.enricher.service;

import io.rotor.enricher.topology.TopicSpecs.TopicSpec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** {@link TopicAdmin} on Kafka's Admin client. */
public final class KafkaTopicAdmin implements TopicAdmin {
    private final Admin admin;
    private final Duration timeout;

    public KafkaTopicAdmin(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    @Override
    public OptionalInt partitions(String topic) {
        try {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(topic);
            return OptionalInt.of(description.partitions().size());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return OptionalInt.empty();
            }
            throw new KafkaException("describing topic " + topic + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaException("describing topic " + topic + " took longer than " + timeout + "; is Kafka reachable?");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while describing topic " + topic, e);
        }
    }

    /**
     * A topic created a moment ago may not have reached the broker that answers DescribeConfigs yet: it answers
     * UNKNOWN_TOPIC_OR_PARTITION for a while. Asked again until {@link #timeout} passes.
     */
    @Override
    public OptionalInt maxMessageBytes(String topic) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return maxMessageBytesOnce(topic);
            } catch (KafkaException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new KafkaException("interrupted while reading the configs of topic " + topic, interrupted);
                }
            }
        }
    }

    private OptionalInt maxMessageBytesOnce(String topic) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try {
            Config config = admin.describeConfigs(List.of(resource)).all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(resource);
            ConfigEntry entry = config == null ? null : config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
            return entry == null || entry.value() == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(entry.value()));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AuthorizationException) {
                return OptionalInt.empty();
            }
            throw new KafkaException("reading the configs of topic " + topic + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaException("reading the configs of topic " + topic + " took longer than " + timeout + "; is Kafka reachable?");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while reading the configs of topic " + topic, e);
        }
    }

    @Override
    public boolean create(TopicSpec spec, int partitions) {
        NewTopic topic = new NewTopic(spec.name(), Optional.of(partitions), Optional.empty()).configs(spec.configs());
        try {
            admin.createTopics(List.of(topic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            throw new KafkaException("creating topic " + spec.name() + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaException("creating topic " + spec.name() + " took longer than " + timeout + "; is Kafka reachable?");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while creating topic " + spec.name(), e);
        }
    }
}
