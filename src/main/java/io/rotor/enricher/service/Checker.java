package io.rotor.enricher.service;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rotor.enricher.config.EnricherConfig;
import io.rotor.enricher.config.KafkaPropertyNames;
import io.rotor.enricher.config.Redaction;
import io.rotor.enricher.config.Settings;
import io.rotor.enricher.rotor.AuthCheck;
import io.rotor.enricher.rotor.RotorClient;
import io.rotor.enricher.serde.registry.MockSchemaRegistry;
import io.rotor.enricher.serde.registry.RegistryClientConfig;
import io.rotor.enricher.serde.registry.RegistryRetryPolicy;
import io.rotor.enricher.serde.registry.RegistryUnavailableException;
import io.rotor.enricher.serde.registry.RestSchemaRegistryClient;
import io.rotor.enricher.serde.registry.SchemaRegistryClient;
import io.rotor.enricher.serde.registry.SchemaRegistryException;
import io.rotor.enricher.serde.registry.SchemaVersion;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import io.rotor.enricher.catalog.CatalogArithmetic;
import io.rotor.enricher.rotor.LeadListQuery;
import io.rotor.enricher.rotor.LeadPage;
import io.rotor.enricher.rotor.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.KafkaException;

/**
 * The {@code check} command: reaches Kafka, the Schema Registry and Rotor once each and prints a verdict line per
 * dependency. Spends at most one Rotor call ({@code /auth/test}).
 */
public final class Checker {
    /** One dependency's verdict. */
    public record Verdict(String dependency, boolean ok, String detail) {
        String line() {
            return String.format("%-16s %-4s %s", dependency, ok ? "OK" : "FAIL", detail);
        }
    }

    private final EnricherConfig config;
    private final Clock clock;
    private final Duration timeout;

    /**
     * @param timeout how long each dependency may take to answer
     */
    public Checker(EnricherConfig config, Clock clock, Duration timeout) {
        this.config = config;
        this.clock = clock;
        this.timeout = timeout;
    }

    /** Checks every dependency, prints one line each, and returns the verdicts. */
    public List<Verdict> run(PrintWriter out) {
        return run(out, false);
    }

    /**
     * The same; then the catalog arithmetic, and with {@code listCatalog} one {@code GET /leads} call that reports
     * the catalog's size and what syncing it costs.
     */
    public List<Verdict> run(PrintWriter out, boolean listCatalog) {
        List<Verdict> verdicts = new ArrayList<>();
        for (Verdict v : List.of(kafka(), registry(), rotor())) {
            verdicts.add(v);
            out.println(v.line());
            out.flush();
        }
        Verdict catalog = listCatalog ? catalog() : new Verdict("catalog", true, CatalogArithmetic.summary(config.topology()));
        verdicts.add(catalog);
        out.println(catalog.line());
        out.flush();
        return verdicts;
    }

    /** One list call (a page of one lead): the catalog's size from {@code pagination.total}, and the sync's cost. */
    Verdict catalog() {
        String name = "catalog";
        if (config.rotor().apiKey().isEmpty()) {
            return new Verdict(name, false, "no list call without " + Settings.ROTOR_API_KEY.name());
        }
        try (RotorClient client = EnricherService.rotorClient(config, clock, new SimpleMeterRegistry())) {
            LeadListQuery query = new LeadListQuery(1, 1, false, config.topology().catalogStage(), config.topology().catalogTags());
            LeadPage page = client.listLeads(query, config.topology().catalogPageMaxBytes())
                    .get(timeout.toMillis() * 2 + 1_000, TimeUnit.MILLISECONDS);
            if (page.outcome() != Outcome.FOUND) {
                return new Verdict(name, false, "GET /leads answered " + page.outcome() + ": " + page.message());
            }
            if (page.total() < 0) {
                return new Verdict(name, true, "GET /leads answered without pagination.total; "
                        + CatalogArithmetic.summary(config.topology()));
            }
            return new Verdict(name, true, CatalogArithmetic.cost(page.total(), config.topology()) + "; "
                    + CatalogArithmetic.summary(config.topology()));
        } catch (TimeoutException e) {
            return new Verdict(name, false, "GET /leads: no answer within " + timeout.toSeconds() + "s");
        } catch (ExecutionException e) {
            return new Verdict(name, false, "GET /leads failed: " + e.getCause().getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Verdict(name, false, "interrupted");
        }
    }

    Verdict kafka() {
        String name = "kafka";
        Map<String, Object> props = EnricherService.clientProperties(config,
                KafkaPropertyNames.adminProperties(config.kafkaProperties()));
        int ms = (int) timeout.toMillis();
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
        Admin admin = Admin.create(props);
        try {
            DescribeClusterResult cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs(ms));
            String clusterId = cluster.clusterId().get(ms, TimeUnit.MILLISECONDS);
            int brokers = cluster.nodes().get(ms, TimeUnit.MILLISECONDS).size();
            KafkaTopicAdmin topics = new KafkaTopicAdmin(admin, timeout);
            OptionalInt input = topics.partitions(config.topology().inputTopic());
            String where = config.bootstrapServers() + ", cluster " + clusterId + ", " + brokers + " broker(s)";
            if (input.isEmpty()) {
                return new Verdict(name, false, where + "; input topic '" + config.topology().inputTopic()
                        + "' does not exist (" + Settings.ENRICHER_INPUT_TOPIC.name() + ")");
            }
            if (topics.partitions(config.topology().outputTopic()).isEmpty()) {
                return new Verdict(name, false, where + "; output topic '" + config.topology().outputTopic()
                        + "' does not exist (" + Settings.ENRICHER_OUTPUT_TOPIC.name() + ")");
            }
            return new Verdict(name, true, where + "; input topic '" + config.topology().inputTopic() + "' has "
                    + input.getAsInt() + " partitions");
        } catch (TimeoutException e) {
            return new Verdict(name, false, config.bootstrapServers() + ": no answer within " + timeout.toSeconds()
                    + "s; check " + Settings.KAFKA_BOOTSTRAP_SERVERS.name() + " and the KAFKA_* security settings");
        } catch (ExecutionException e) {
            return new Verdict(name, false, config.bootstrapServers() + ": " + e.getCause().getMessage());
        } catch (KafkaException e) {
            return new Verdict(name, false, config.bootstrapServers() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Verdict(name, false, "interrupted");
        } finally {
            // Do not wait for requests still retrying against an unreachable cluster.
            admin.close(Duration.ZERO);
        }
    }

    Verdict registry() {
        String name = "schema registry";
        String url = Redaction.stripUrlCredentials(config.schemaRegistryUrl());
        String subject = config.topology().outputTopic() + "-value";
        Map<String, Object> serdeConfig = config.serdeConfig();
        try (SchemaRegistryClient client = MockSchemaRegistry.scopeOf(config.schemaRegistryUrl())
                .<SchemaRegistryClient>map(MockSchemaRegistry::scope)
                .orElseGet(() -> new RestSchemaRegistryClient(RegistryClientConfig.from(serdeConfig),
                        new RestSchemaRegistryClient.Options(timeout, timeout,
                                new RegistryRetryPolicy(0, Duration.ofMillis(1), Duration.ofMillis(1), timeout),
                                new Random(), Thread::sleep)))) {
            SchemaVersion latest = client.latest(subject);
            return new Verdict(name, true, url + "; subject " + subject + " at version " + latest.version());
        } catch (SchemaRegistryException answered) {
            if (answered.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND) {
                return new Verdict(name, true, url + "; subject " + subject + " not registered yet (run registers it)");
            }
            return new Verdict(name, true, url + " answered: " + answered.getMessage());
        } catch (RegistryUnavailableException e) {
            return new Verdict(name, false, url + ": " + e.getMessage() + "; check "
                    + Settings.SCHEMA_REGISTRY_URL.name() + " and the SCHEMA_REGISTRY_* settings");
        } catch (KafkaException e) {
            // The serde's configuration rejected a SCHEMA_REGISTRY_* value.
            return new Verdict(name, false, e.getMessage());
        }
    }

    Verdict rotor() {
        String name = "rotor";
        String base = config.rotor().baseUrl().toString();
        if (config.rotor().apiKey().isEmpty()) {
            return new Verdict(name, false, base + ": " + Settings.ROTOR_API_KEY.name()
                    + " is not set; set it to a key with scope " + AuthCheck.LEADS_READ);
        }
        try (RotorClient client = EnricherService.rotorClient(config, clock, new SimpleMeterRegistry())) {
            AuthCheck check = EnricherService.awaitAuthCheck(client, config);
            return switch (check.status()) {
                case OK -> new Verdict(name, true, base + ": key accepted, company " + check.companyId()
                        + ", scopes " + check.scopes());
                case QUOTA_SPENT -> new Verdict(name, true, base + ": key valid; today's quota is spent until "
                        + check.resumeAt());
                default -> new Verdict(name, false, base + ": " + check.status() + ": " + check.message());
            };
        }
    }
}
