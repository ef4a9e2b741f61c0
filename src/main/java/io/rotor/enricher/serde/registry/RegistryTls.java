package io.rotor.enricher.serde.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.ConfigException;

/**
 * TLS material for https registry URLs, from Confluent's {@code schema.registry.ssl.*} keys. Without a
 * truststore or keystore the JVM's defaults apply.
 *
 * @param sslContext     a context built from the configured stores, or empty for the JVM default
 * @param verifyHostname false only when {@code schema.registry.ssl.endpoint.identification.algorithm} is empty
 */
public record RegistryTls(Optional<SSLContext> sslContext, boolean verifyHostname) {
    public static final String PREFIX = "schema.registry.ssl.";
    public static final String TRUSTSTORE_LOCATION = PREFIX + "truststore.location";
    public static final String TRUSTSTORE_PASSWORD = PREFIX + "truststore.password";
    public static final String TRUSTSTORE_TYPE = PREFIX + "truststore.type";
    public static final String KEYSTORE_LOCATION = PREFIX + "keystore.location";
    public static final String KEYSTORE_PASSWORD = PREFIX + "keystore.password";
    public static final String KEYSTORE_TYPE = PREFIX + "keystore.type";
    public static final String KEY_PASSWORD = PREFIX + "key.password";
    public static final String ENDPOINT_IDENTIFICATION_ALGORITHM = PREFIX + "endpoint.identification.algorithm";
    public static final String DEFAULT_STORE_TYPE = "JKS";

    public static RegistryTls from(Map<String, ?> configs) {
        Optional<String> truststore = RegistryClientConfig.string(configs, TRUSTSTORE_LOCATION);
        Optional<String> keystore = RegistryClientConfig.string(configs, KEYSTORE_LOCATION);
        // Present but empty means "do not verify the host name", as in Kafka's own ssl.* settings.
        boolean verifyHostname = !configs.containsKey(ENDPOINT_IDENTIFICATION_ALGORITHM)
                || RegistryClientConfig.string(configs, ENDPOINT_IDENTIFICATION_ALGORITHM).isPresent();
        if (truststore.isEmpty() && keystore.isEmpty()) {
            return new RegistryTls(Optional.empty(), verifyHostname);
        }
        try {
            TrustManagerFactory trust = null;
            if (truststore.isPresent()) {
                KeyStore store = load(truststore.get(), configs, TRUSTSTORE_TYPE, TRUSTSTORE_PASSWORD);
                trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(store);
            }
            KeyManagerFactory keys = null;
            if (keystore.isPresent()) {
                KeyStore store = load(keystore.get(), configs, KEYSTORE_TYPE, KEYSTORE_PASSWORD);
                char[] keyPassword = RegistryClientConfig.string(configs, KEY_PASSWORD)
                        .or(() -> RegistryClientConfig.string(configs, KEYSTORE_PASSWORD))
                        .map(String::toCharArray).orElse(new char[0]);
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(store, keyPassword);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(),
                    null);
            return new RegistryTls(Optional.of(context), verifyHostname);
        } catch (GeneralSecurityException | IOException e) {
            // Store passwords never reach these messages: only the key names and the store paths do.
            throw new ConfigException("Cannot load the Schema Registry TLS stores (" + PREFIX + "*): "
                    + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static KeyStore load(String location, Map<String, ?> configs, String typeKey, String passwordKey)
            throws GeneralSecurityException, IOException {
        String type = RegistryClientConfig.string(configs, typeKey).orElse(DEFAULT_STORE_TYPE);
        char[] password = RegistryClientConfig.string(configs, passwordKey).map(String::toCharArray).orElse(null);
        KeyStore store = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            store.load(in, password);
        }
        return store;
    }
}
