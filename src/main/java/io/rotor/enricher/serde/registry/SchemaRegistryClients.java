package io.rotor.enricher.serde.registry;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/** Builds the registry client a serde config map asks for: in-memory for {@code mock://<scope>}, else REST. */
public final class SchemaRegistryClients {
    private SchemaRegistryClients() {
    }

    public static SchemaRegistryClient fromConfig(Map<String, ?> configs) {
        Object url = configs.get(RegistryClientConfig.SCHEMA_REGISTRY_URL);
        if (url != null) {
            String text = url.toString();
            var scope = MockSchemaRegistry.scopeOf(text);
            if (scope.isPresent()) {
                if (text.contains(",")) {
                    throw new ConfigException(RegistryClientConfig.SCHEMA_REGISTRY_URL
                            + " may name only one mock:// URL and no other");
                }
                return MockSchemaRegistry.scope(scope.get());
            }
        }
        return new RestSchemaRegistryClient(RegistryClientConfig.from(configs));
    }
}
