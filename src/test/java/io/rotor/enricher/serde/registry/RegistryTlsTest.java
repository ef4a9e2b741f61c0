package io.rotor.enricher.serde.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rotor.enricher.avro.Lead;
import io.rotor.enricher.testkit.FakeSchemaRegistryServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** https registries with {@code schema.registry.ssl.*} stores, against key material made by the JDK's keytool. */
class RegistryTlsTest {
    private static final String LEAD = Lead.getClassSchema().toString();
    private static final String SERVER_PASSWORD = "server-store-pw";
    private static final String CLIENT_PASSWORD = "client-store-pw";
    private static final String TRUST_PASSWORD = "trust-store-pw";

    @TempDir
    static Path dir;

    @BeforeAll
    static void makeStores() throws Exception {
        keytool("-genkeypair", "-alias", "registry", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-keystore", path("server.p12"), "-storetype", "PKCS12", "-storepass", SERVER_PASSWORD);
        keytool("-genkeypair", "-alias", "client", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=enricher", "-keystore", path("client.p12"), "-storetype", "PKCS12",
                "-storepass", CLIENT_PASSWORD);
        trustStoreWith("client-trust.p12", load("server.p12", SERVER_PASSWORD).getCertificate("registry"));
        trustStoreWith("server-trust.p12", load("client.p12", CLIENT_PASSWORD).getCertificate("client"));
    }

    @Test
    void trustsTheRegistryThroughTheConfiguredTruststore() throws Exception {
        try (FakeSchemaRegistryServer server = FakeSchemaRegistryServer.startTls(serverContext(false), false);
             RestSchemaRegistryClient client = client(trustOnly(server.url()))) {
            assertThat(server.url()).startsWith("https://localhost:");

            assertThat(client.register("leads-value", LEAD)).isEqualTo(1);
        }
    }

    @Test
    void presentsTheConfiguredKeystoreToARegistryThatDemandsIt() throws Exception {
        try (FakeSchemaRegistryServer server = FakeSchemaRegistryServer.startTls(serverContext(true), true)) {
            Map<String, Object> config = trustOnly(server.url());
            try (RestSchemaRegistryClient withoutCertificate = client(config)) {
                assertThatThrownBy(() -> withoutCertificate.register("leads-value", LEAD))
                        .isInstanceOf(RegistryUnavailableException.class);
            }
            config.put(RegistryTls.KEYSTORE_LOCATION, path("client.p12"));
            config.put(RegistryTls.KEYSTORE_TYPE, "PKCS12");
            config.put(RegistryTls.KEYSTORE_PASSWORD, CLIENT_PASSWORD);
            try (RestSchemaRegistryClient withCertificate = client(config)) {
                assertThat(withCertificate.register("leads-value", LEAD)).isEqualTo(1);
            }
        }
    }

    @Test
    void anUntrustedRegistryIsUnavailableNotTheRecordsFault() throws Exception {
        try (FakeSchemaRegistryServer server = FakeSchemaRegistryServer.startTls(serverContext(false), false);
             RestSchemaRegistryClient client = client(Map.of(RegistryClientConfig.SCHEMA_REGISTRY_URL, server.url()))) {
            assertThatThrownBy(() -> client.register("leads-value", LEAD))
                    .isInstanceOf(RegistryUnavailableException.class)
                    .hasMessageContaining("SSLHandshakeException");
        }
    }

    @Test
    void aWrongStorePasswordIsAConfigErrorThatDoesNotQuoteIt() {
        Map<String, Object> config = trustOnly("https://localhost:1");
        config.put(RegistryTls.TRUSTSTORE_PASSWORD, "not-the-password");

        assertThatThrownBy(() -> RegistryClientConfig.from(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(RegistryTls.PREFIX)
                .hasMessageNotContaining("not-the-password");
    }

    private static Map<String, Object> trustOnly(String url) {
        Map<String, Object> config = new HashMap<>();
        config.put(RegistryClientConfig.SCHEMA_REGISTRY_URL, url);
        config.put(RegistryTls.TRUSTSTORE_LOCATION, path("client-trust.p12"));
        config.put(RegistryTls.TRUSTSTORE_TYPE, "PKCS12");
        config.put(RegistryTls.TRUSTSTORE_PASSWORD, TRUST_PASSWORD);
        return config;
    }

    private static RestSchemaRegistryClient client(Map<String, Object> config) {
        return new RestSchemaRegistryClient(RegistryClientConfig.from(config),
                new RestSchemaRegistryClient.Options(Duration.ofSeconds(2), Duration.ofSeconds(2),
                        new RegistryRetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofSeconds(3)),
                        new Random(3), millis -> { }));
    }

    private static SSLContext serverContext(boolean trustClient) throws GeneralSecurityException, IOException {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load("server.p12", SERVER_PASSWORD), SERVER_PASSWORD.toCharArray());
        TrustManagerFactory trust = null;
        if (trustClient) {
            trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(load("server-trust.p12", TRUST_PASSWORD));
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
        return context;
    }

    private static void trustStoreWith(String file, Certificate certificate)
            throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("trusted", certificate);
        try (OutputStream out = Files.newOutputStream(dir.resolve(file))) {
            store.store(out, TRUST_PASSWORD.toCharArray());
        }
    }

    private static KeyStore load(String file, String password) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve(file))) {
            store.load(in, password.toCharArray());
        }
        return store;
    }

    private static String path(String file) {
        return dir.resolve(file).toString();
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(output).isZero();
        } finally {
            process.destroyForcibly();
        }
    }
}
