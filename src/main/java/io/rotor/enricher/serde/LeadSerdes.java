package io.rotor.enricher.serde;

import io.rotor.enricher.avro.Lead;
import io.rotor.enricher.config.Settings;
import java.lang.reflect.InvocationTargetException;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Serde;

/**
 * Builds the output value serde from a class name, so a user with Confluent's jars on the class path can run
 * {@code io.confluent.kafka.streams.serdes.avro.SpecificAvroSerde} instead of {@link LeadSerde} by setting
 * {@link #VALUE_SERDE_SETTING}. Either way the subject is {@code <output topic>-value}: the TopicNameStrategy
 * is set explicitly unless the config names another, since Confluent 8.3+ defaults to a different strategy.
 */
public final class LeadSerdes {
    /** The setting naming the value serde class. */
    public static final String VALUE_SERDE_SETTING = Settings.ENRICHER_VALUE_SERDE.name();
    public static final String DEFAULT_VALUE_SERDE = LeadSerde.class.getName();
    /** Confluent's serde, drop-in when its jars are on the class path. */
    public static final String CONFLUENT_SPECIFIC_AVRO_SERDE = "io.confluent.kafka.streams.serdes.avro.SpecificAvroSerde";

    private LeadSerdes() {
    }

    /**
     * A value serde of class {@code className} (blank: {@link #DEFAULT_VALUE_SERDE}), made with its public
     * no-argument constructor and configured with {@code configs} plus {@code value.subject.name.strategy}
     * (TopicNameStrategy, Confluent's class name, which this project's serde accepts too) and
     * {@code specific.avro.reader=true} where the map does not set them.
     */
    @SuppressWarnings("unchecked")
    public static Serde<Lead> valueSerde(String className, Map<String, ?> configs) {
        // Confluent's serde reads with Avro's SpecificDatumReader too, so the trust is needed either way.
        AvroTrust.ensureTrusted();
        String name = className == null || className.isBlank() ? DEFAULT_VALUE_SERDE : className.trim();
        Class<?> type;
        try {
            type = Class.forName(name, true, classLoader());
        } catch (ClassNotFoundException e) {
            throw new ConfigException(VALUE_SERDE_SETTING, name, "no such class on the class path");
        }
        if (!Serde.class.isAssignableFrom(type)) {
            throw new ConfigException(VALUE_SERDE_SETTING, name, "not a " + Serde.class.getName());
        }
        Serde<Lead> serde;
        try {
            serde = (Serde<Lead>) type.getConstructor().newInstance();
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
            throw new ConfigException(VALUE_SERDE_SETTING, name, "needs a public no-argument constructor");
        } catch (InvocationTargetException e) {
            throw new ConfigException(VALUE_SERDE_SETTING, name, "constructor failed: " + e.getCause());
        }
        Map<String, Object> effective = new HashMap<>(configs);
        effective.putIfAbsent(AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, TopicNameStrategy.CONFLUENT_CLASS_NAME);
        effective.putIfAbsent(AvroSerdeConfig.SPECIFIC_AVRO_READER, true);
        serde.configure(effective, false);
        return serde;
    }

    private static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : LeadSerdes.class.getClassLoader();
    }
}
