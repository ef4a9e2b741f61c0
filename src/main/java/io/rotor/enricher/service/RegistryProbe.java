package io.rotor.enricher.service;

import io.rotor.enricher.serde.registry.MockSchemaRegistry;
import io.rotor.enricher.serde.registry.RegistryClientConfig;
import io.rotor.enricher.serde.registry.RegistryRetryPolicy;
import io.rotor.enricher.serde.registry.RegistryUnavailableException;
import io.rotor.enricher.serde.registry.RestSchemaRegistryClient;
import io.rotor.enricher.serde.registry.SchemaRegistryClient;
import io.rotor.enricher.serde.registry.SchemaRegistryException;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the Schema Registry answers: one request for the latest schema of the output subject, on a client of
 * its own with short timeouts and no retries. Any answer, even "subject not found", means reachable.
 */
public final class RegistryProbe implements BooleanSupplier, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryProbe.class);
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final SchemaRegistryClient client;
    private final String subject;
    private volatile Boolean lastResult;

    RegistryProbe(SchemaRegistryClient client, String subject) {
        this.client = client;
        this.subject = subject;
    }

    /** A probe of the registry the serde configuration names, asking about {@code subject}. */
    public static RegistryProbe of(Map<String, ?> serdeConfig, String subject) {
        String url = String.valueOf(serdeConfig.get(RegistryClientConfig.SCHEMA_REGISTRY_URL));
        SchemaRegistryClient client = MockSchemaRegistry.scopeOf(url)
                .<SchemaRegistryClient>map(MockSchemaRegistry::scope)
                .orElseGet(() -> new RestSchemaRegistryClient(RegistryClientConfig.from(serdeConfig),
                        new RestSchemaRegistryClient.Options(TIMEOUT, TIMEOUT,
                                new RegistryRetryPolicy(0, Duration.ofMillis(1), Duration.ofMillis(1), TIMEOUT),
                                new Random(), Thread::sleep)));
        return new RegistryProbe(client, subject);
    }

    @Override
    public boolean getAsBoolean() {
        boolean reachable;
        String reason = null;
        try {
            client.latest(subject);
            reachable = true;
        } catch (SchemaRegistryException answered) {
            reachable = true;
        } catch (RegistryUnavailableException e) {
            reachable = false;
            reason = e.getMessage();
        }
        Boolean previous = lastResult;
        lastResult = reachable;
        if (previous == null || previous != reachable) {
            if (reachable) {
                LOG.info("Schema Registry reachable");
            } else {
                LOG.warn("Schema Registry unreachable: {}", reason);
            }
        }
        return reachable;
    }

    @Override
    public void close() {
        client.close();
    }
}
