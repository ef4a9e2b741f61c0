package io.rotor.enricher.serde.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rotor.enricher.avro.Lead;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MockSchemaRegistryTest {
    private static final String LEAD = Lead.getClassSchema().toString();
    private static final String OTHER = SchemaBuilder.record("Other").fields().requiredLong("n").endRecord().toString();

    private final String scopeA = "mock-a-" + UUID.randomUUID();
    private final String scopeB = "mock-b-" + UUID.randomUUID();

    @AfterEach
    void dropScopes() {
        MockSchemaRegistry.dropScope(scopeA);
        MockSchemaRegistry.dropScope(scopeB);
    }

    @Test
    void mockUrlsSelectOneSharedRegistryPerScope() {
        SchemaRegistryClient viaConfig = SchemaRegistryClients.fromConfig(
                Map.of(RegistryClientConfig.SCHEMA_REGISTRY_URL, "mock://" + scopeA));

        assertThat(viaConfig).isSameAs(MockSchemaRegistry.scope(scopeA));
        assertThat(MockSchemaRegistry.scopeOf("mock://" + scopeA)).contains(scopeA);
        assertThat(MockSchemaRegistry.scopeOf("http://localhost:8081")).isEmpty();
    }

    @Test
    void scopesAreIsolated() {
        MockSchemaRegistry.scope(scopeA).register("t-value", OTHER);
        int idInA = MockSchemaRegistry.scope(scopeA).register("t-value", LEAD);
        int idInB = MockSchemaRegistry.scope(scopeB).register("t-value", LEAD);

        assertThat(idInA).isEqualTo(2);
        assertThat(idInB).isEqualTo(1);
        assertThat(MockSchemaRegistry.scope(scopeB).latest("t-value").version()).isEqualTo(1);
        assertThatThrownBy(() -> MockSchemaRegistry.scope(scopeB).schemaById(2))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("40403");
    }

    @Test
    void droppingAScopeForgetsIt() {
        MockSchemaRegistry.scope(scopeA).register("t-value", LEAD);

        MockSchemaRegistry.dropScope(scopeA);

        assertThat(MockSchemaRegistry.scope(scopeA).subjects()).isEmpty();
        assertThat(MockSchemaRegistry.scope(scopeA).register("t-value", OTHER)).isEqualTo(1);
    }

    @Test
    void idsAreGlobalAndVersionsPerSubject() {
        InMemorySchemaRegistry registry = MockSchemaRegistry.scope(scopeA);

        assertThat(registry.register("a-value", LEAD)).isEqualTo(1);
        assertThat(registry.register("b-value", LEAD)).isEqualTo(1);
        assertThat(registry.register("a-value", OTHER)).isEqualTo(2);
        assertThat(registry.register("a-value", LEAD)).isEqualTo(1);

        assertThat(registry.latest("a-value")).isEqualTo(new SchemaVersion(2, 2, OTHER));
        assertThat(registry.lookupVersion("a-value", LEAD)).isEqualTo(new SchemaVersion(1, 1, LEAD));
        assertThat(registry.lookup("b-value", LEAD)).isEqualTo(1);
        assertThat(registry.schemaById(1)).isEqualTo(LEAD);
    }

    @Test
    void errorsCarryConfluentCodes() {
        InMemorySchemaRegistry registry = MockSchemaRegistry.scope(scopeA);
        registry.register("a-value", LEAD);

        assertThatThrownBy(() -> registry.lookup("missing-value", LEAD))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(40401));
        assertThatThrownBy(() -> registry.lookup("a-value", OTHER))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(40403));
        assertThatThrownBy(() -> registry.latest("missing-value"))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(40401));
        assertThatThrownBy(() -> registry.register("a-value", "{not avro"))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(422);
                    assertThat(e.errorCode()).isEqualTo(42201);
                });
    }
}
