package io.rotor.enricher.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.rotor.enricher.config.Settings;
import io.rotor.enricher.demo.ConservationReport;
import io.rotor.enricher.sandbox.SandboxOptions;
import io.rotor.enricher.sandbox.SandboxStats;
import io.rotor.enricher.testkit.ChildService;
import io.rotor.enricher.testkit.FakeSchemaRegistryServer;
import io.rotor.enricher.testkit.Fixtures;
import io.rotor.enricher.testkit.ServiceHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three instances of one application (packaged jars, child processes) on six lead partitions, slow lookups and a
 * small quota; one instance is killed with SIGKILL and a fourth is added while lookups are in flight and the gate
 * is closed. Every event ends exactly once; the calls beyond one per lead and one per 429 stay within what the
 * killed instance and the moved tasks had in flight; calls reaching the sandbox after its first 429 of a period
 * stay within the instances' in-flight bound.
 */
@Tag("slow")
class ScaleIT {
    private static final int PARTITIONS = 6;
    private static final int MAX_IN_FLIGHT = 16;
    private static final int LEADS = 240;

    @Test
    void killingOneOfThreeInstancesAndAddingOneLosesNothingAndKeepsCallsBounded(@TempDir Path temp) throws Exception {
        SandboxOptions.Builder sandbox = SandboxOptions.builder().seed(17).catalogSize(LEADS)
                .latency(Duration.ofMillis(200), Duration.ofMillis(200))
                .quota(60).quotaPeriod(Duration.ofSeconds(5)).sendRetryAfter(true);
        try (FakeSchemaRegistryServer registry = FakeSchemaRegistryServer.start();
             ServiceHarness h = ServiceHarness.start(sandbox, ServiceHarness.fastSettings()
                     .with(Settings.ENRICHER_PARTITIONS, OptionalInt.of(PARTITIONS)))) {
            List<String> ids = h.sandbox().catalog().ids();
            List<ProducerRecord<byte[], byte[]>> events = new ArrayList<>();
            for (int i = 0; i < 2 * LEADS; i++) {
                String id = ids.get(i % ids.size());
                events.add(h.input(Fixtures.utf8(id), Fixtures.event(id, "lead.viewed", i)));
            }
            h.produce(events);

            List<ChildService> instances = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    instances.add(ChildService.start(env(h, registry, temp, i), temp.resolve("instance-" + i + ".log")));
                }
                Awaitility.await("results flowing, a 429, retries parked").atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> {
                            for (ChildService c : instances) {
                                assertThat(c.isAlive()).as("an instance exited:%n%s", tail(c.output())).isTrue();
                            }
                            return h.settled() > 30 && h.sandbox().stats().rateLimited() > 0 && !h.retries().isEmpty();
                        });
                instances.get(0).kill();
                instances.add(ChildService.start(env(h, registry, temp, 3), temp.resolve("instance-3.log")));

                ConservationReport report = h.drain(Duration.ofSeconds(240));
                assertThat(report.held()).as(report.describe()).isTrue();
                assertThat(report.duplicated()).isZero();
                assertThat(report.outputs()).isEqualTo(2 * LEADS);

                SandboxStats stats = h.sandbox().stats();
                Set<String> called = new HashSet<>();
                for (String path : stats.receivedPaths()) {
                    if (path.contains("/leads/")) {
                        called.add(path.substring(path.lastIndexOf('/') + 1));
                    }
                }
                long lookups = stats.endpoint(SandboxStats.GET_LEAD);
                // One call per lead, one more per 429'd lookup; the 429 count may include the start-up checks'
                // (GET /auth/test while the quota is spent), so this is an upper bound of the extra calls.
                long extra = lookups - called.size() - stats.rateLimited() + stats.endpoint(SandboxStats.AUTH_TEST);
                // Re-issued after the kill (its in-flight leads) and after the two rebalances (moved tasks' leads).
                long extraBound = (long) MAX_IN_FLIGHT * (1 + 2 * 3);
                long lateBound = 4L * MAX_IN_FLIGHT * 2;
                System.out.printf("ScaleIT: %d lookups, %d leads, %d answered 429, at most %d extra (bound %d), %d after a 429 "
                        + "of their period (bound %d)%n", lookups, called.size(), stats.rateLimited(), extra, extraBound,
                        stats.lateArrivals(), lateBound);
                assertThat(called).hasSize(LEADS);
                assertThat(extra).isBetween(0L, extraBound);
                assertThat(stats.lateArrivals()).isLessThanOrEqualTo(lateBound);
                for (ChildService c : instances.subList(1, instances.size())) {
                    assertThat(c.isAlive()).isTrue();
                    assertThat(c.output()).doesNotContain(ServiceHarness.API_KEY);
                }
            } finally {
                for (ChildService c : instances) {
                    c.close();
                }
            }
        }
    }

    private static Map<String, String> env(ServiceHarness h, FakeSchemaRegistryServer registry, Path temp, int instance)
            throws java.io.IOException {
        Map<String, String> env = new HashMap<>(h.childEnv(registry.url(),
                Files.createDirectories(temp.resolve("state-" + instance))));
        env.put(Settings.ENRICHER_PARTITIONS.name(), Integer.toString(PARTITIONS));
        env.put(Settings.ENRICHER_MAX_IN_FLIGHT.name(), Integer.toString(MAX_IN_FLIGHT));
        return env;
    }

    private static String tail(String output) {
        return output.length() <= 4000 ? output : output.substring(output.length() - 4000);
    }
}
