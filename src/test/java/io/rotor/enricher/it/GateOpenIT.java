package io.rotor.enricher.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.rotor.enricher.app.Main;
import io.rotor.enricher.config.Settings;
import io.rotor.enricher.demo.ConservationReport;
import io.rotor.enricher.envelope.HeaderNames;
import io.rotor.enricher.sandbox.SandboxOptions;
import io.rotor.enricher.sandbox.SandboxStats;
import io.rotor.enricher.testkit.ChildService;
import io.rotor.enricher.testkit.FakeSchemaRegistryServer;
import io.rotor.enricher.testkit.Fixtures;
import io.rotor.enricher.testkit.ServiceHarness;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, item 2: two running instances (packaged jars) with the quota spent and every event parked until the
 * reset; Rotor raises the quota, an operator runs {@code gate open --spread 6s}, and both instances reopen and
 * look their parked events up spread over the six seconds, each lead once, hours before the reset.
 */
@Tag("slow")
class GateOpenIT {
    private static final int LEADS = 120;
    private static final Duration SPREAD = Duration.ofSeconds(6);

    @Test
    void gateOpenReopensTwoRunningInstancesAndReleasesTheirParkedEventsSpreadOut(@TempDir Path temp) throws Exception {
        SandboxOptions.Builder sandbox = SandboxOptions.builder().seed(23).catalogSize(LEADS).quotaSpent(true)
                .quotaPeriod(periodEndingAnHourOrMoreFromNow()).sendRetryAfter(true);
        try (FakeSchemaRegistryServer registry = FakeSchemaRegistryServer.start();
             ServiceHarness h = ServiceHarness.start(sandbox, ServiceHarness.fastSettings())) {
            List<String> ids = h.sandbox().catalog().ids();
            List<ProducerRecord<byte[], byte[]>> events = new ArrayList<>();
            for (int i = 0; i < LEADS; i++) {
                events.add(h.input(Fixtures.utf8(ids.get(i)), Fixtures.event(ids.get(i), "lead.viewed", i)));
            }
            h.produce(events);

            List<ChildService> instances = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    instances.add(ChildService.start(env(h, registry, temp, i), temp.resolve("instance-" + i + ".log")));
                }
                Awaitility.await("every event parked until the reset").atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> {
                            h.poll();
                            for (ChildService c : instances) {
                                assertThat(c.isAlive()).as("an instance exited:%n%s", c.output()).isTrue();
                            }
                            return h.retries().size() >= LEADS && bothHaveTasks(instances);
                        });
                Thread.sleep(3_000); // the second instance's rebalance settles, so both own parked events
                assertThat(h.outputs()).isEmpty();
                assertThat(h.sandbox().stats().endpoint(SandboxStats.GET_LEAD)).as("refused by the closed gate").isZero();

                h.sandbox().restoreQuota();
                Instant reopenedAt = Instant.now();
                StringWriter out = new StringWriter();
                StringWriter err = new StringWriter();
                int code = Main.commandLine(env(h, registry, temp, 9), new PrintWriter(out), new PrintWriter(err))
                        .execute("gate", "open", "--spread", "6s", "--reason", "quota raised by Rotor support");
                System.out.print(out); // docs/OPERATIONS.md shows this output
                assertThat(code).as(err.toString()).isZero();
                assertThat(out.toString()).contains("Reopened the gate of sha256:", "(epoch 1)", "RATE_LIMITED", "over 6s")
                        .doesNotContain(ServiceHarness.API_KEY);

                ConservationReport report = h.drain(Duration.ofSeconds(120));
                assertThat(report.held()).as(report.describe()).isTrue();
                assertThat(report.duplicated()).isZero();
                assertThat(report.outputs()).isEqualTo(LEADS);
                assertThat(h.sandbox().stats().endpoint(SandboxStats.GET_LEAD)).as("one call per lead").isEqualTo(LEADS);

                List<Long> fetchedAt = new ArrayList<>();
                for (ConsumerRecord<byte[], byte[]> r : h.outputs()) {
                    Header header = r.headers().lastHeader(HeaderNames.FETCHED_AT);
                    fetchedAt.add(Long.parseLong(new String(header.value(), StandardCharsets.UTF_8)));
                }
                long first = fetchedAt.stream().mapToLong(Long::longValue).min().orElseThrow();
                long last = fetchedAt.stream().mapToLong(Long::longValue).max().orElseThrow();
                System.out.printf("GateOpenIT: %d leads fetched from %d ms to %d ms after gate open (spread %d s)%n",
                        LEADS, first - reopenedAt.toEpochMilli(), last - reopenedAt.toEpochMilli(), SPREAD.toSeconds());
                assertThat(first).isGreaterThanOrEqualTo(reopenedAt.toEpochMilli());
                assertThat(last - first).as("released over the spread, not all at once").isGreaterThanOrEqualTo(SPREAD.toMillis() / 2);

                for (ChildService c : instances) {
                    String log = c.output();
                    assertThat(log).as("each instance reopened").contains("reopened by an operator");
                    assertThat(log).contains("are released over 6 s").doesNotContain(ServiceHarness.API_KEY);
                    assertThat(c.isAlive()).isTrue();
                }

                StringWriter status = new StringWriter();
                assertThat(Main.commandLine(env(h, registry, temp, 9), new PrintWriter(status), new PrintWriter(new StringWriter()))
                        .execute("gate", "status")).isZero();
                System.out.print(status);
                String line = status.toString().lines().filter(l -> l.contains("(this key)")).findFirst().orElseThrow();
                assertThat(line).contains("open", "operator", "quota raised by Rotor support", "cancelled RATE_LIMITED");
            } finally {
                for (ChildService c : instances) {
                    c.close();
                }
            }
        }
    }

    /**
     * Both instances run after their rebalance. With 3 ingest and 6 lookup tasks split 4 and 5, each instance owns
     * a lookup task, so each has parked events to release.
     */
    private static boolean bothHaveTasks(List<ChildService> instances) throws java.io.IOException {
        for (ChildService c : instances) {
            if (!c.output().contains("Kafka Streams state REBALANCING -> RUNNING")) {
                return false;
            }
        }
        return true;
    }

    /** A quota period whose current one ends an hour or more from now, so the reset cannot release the events. */
    private static Duration periodEndingAnHourOrMoreFromNow() {
        long now = System.currentTimeMillis();
        for (int hours = 24; ; hours++) {
            long period = Duration.ofHours(hours).toMillis();
            if ((Math.floorDiv(now, period) + 1) * period - now >= Duration.ofHours(1).toMillis()) {
                return Duration.ofHours(hours);
            }
        }
    }

    private static Map<String, String> env(ServiceHarness h, FakeSchemaRegistryServer registry, Path temp, int instance)
            throws java.io.IOException {
        Map<String, String> env = new HashMap<>(h.childEnv(registry.url(), Files.createDirectories(temp.resolve("state-" + instance))));
        env.put(Settings.ENRICHER_RATE_LIMIT_SPREAD.name(), "1s");
        env.put(Settings.ENRICHER_PARTITIONS.name(), "6");
        return env;
    }
}
