package io.rotor.enricher.serde;

import org.apache.avro.Schema;

/** Confluent's TopicNameStrategy: subject {@code <topic>-value} for values and {@code <topic>-key} for keys. */
public final class TopicNameStrategy implements SubjectNameStrategy {
    /** Confluent's class name for the same strategy, accepted in the strategy settings so configs can be shared. */
    public static final String CONFLUENT_CLASS_NAME = "io.confluent.kafka.serializers.subject.TopicNameStrategy";

    @Override
    public String subjectName(String topic, boolean isKey, Schema schema) {
        return topic + (isKey ? "-key" : "-value");
    }
}
