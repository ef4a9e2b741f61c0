package io.rotor.enricher.rotor;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rotor.enricher.avro.Lead;
import io.rotor.enricher.config.RotorSettings;
import io.rotor.enricher.config.Secret;
import io.rotor.enricher.config.Settings;
import io.rotor.enricher.sandbox.ArchivedReading;
import io.rotor.enricher.sandbox.LeadCatalog;
import io.rotor.enricher.sandbox.SandboxOptions;
import io.rotor.enricher.sandbox.SandboxRotorServer;
import io.rotor.enricher.sandbox.SandboxStats;
import io.rotor.enricher.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code GET /leads} through the client against the sandbox: paging, the body cap, the gate and the breaker. */
class RotorClientListTest {
    private static final String KEY = "sk-live-LIST-5b1f0c3e77";
    private static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");
    private static final int CAP = 32 * 1024 * 1024;

    private final MutableClock clock = new MutableClock(T0);
    private final List<AutoCloseable> opened = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @AfterEach
    void close() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    private SandboxRotorServer sandbox(UnaryOperator<SandboxOptions.Builder> customize) throws Exception {
        SandboxRotorServer server = SandboxRotorServer.start(customize.apply(SandboxOptions.builder()
                .apiKey(KEY, Set.of(SandboxOptions.SCOPE_LEADS_READ)).quotaPeriod(Duration.ofMinutes(1)).clock(clock)).build());
        opened.add(server);
        return server;
    }

    private RotorClient client(SandboxRotorServer server) {
        RotorClient client = new RotorClient(RotorSettings.defaults()
                .with(Settings.ROTOR_API_KEY, Secret.of(KEY))
                .with(Settings.ROTOR_BASE_URL, server.baseUri())
                .with(Settings.ROTOR_ALLOW_HTTP, true)
                .with(Settings.ROTOR_BREAKER_FAILURES, 2)
                .with(Settings.ROTOR_RESPONSE_TIMEOUT, Duration.ofSeconds(5)), clock, registry);
        opened.add(client);
        return client;
    }

    private static <T> T get(java.util.concurrent.CompletableFuture<T> answer) throws Exception {
        return answer.get(20, TimeUnit.SECONDS);
    }

    @Test
    void pagesThroughEveryNonArchivedLeadNewestFirst() throws Exception {
        SandboxRotorServer rotor = sandbox(o -> o.catalogSize(60).noQuota());
        RotorClient client = client(rotor);
        List<Lead> listed = new ArrayList<>();
        LeadListQuery query = LeadListQuery.firstPage(25);
        LeadPage page;
        do {
            page = get(client.listLeads(query, CAP));
            assertThat(page.outcome()).as(page.toString()).isEqualTo(Outcome.FOUND);
            assertThat(page.skipped()).isZero();
            page.leads().forEach(m -> listed.add(m.lead()));
            query = query.withPage(query.page() + 1);
        } while (page.hasMore());

        long archived = rotor.catalog().ids().stream()
                .filter(id -> rotor.catalog().lead(id).orElseThrow().path("archived").asBoolean(false)).count();
        assertThat(listed).hasSize((int) (60 - archived));
        assertThat(page.total()).isEqualTo(60 - archived);
        assertThat(listed).extracting(Lead::getId).doesNotHaveDuplicates()
                .doesNotContain(LeadCatalog.EXAMPLE_LEAD_ID); // the reference example is archived
        List<Instant> created = listed.stream().map(Lead::getCreatedAt).filter(java.util.Objects::nonNull).toList();
        assertThat(created).isSortedAccordingTo(Comparator.reverseOrder());
        long pages = Math.max(1, (listed.size() + 24) / 25);
        assertThat(rotor.stats().endpoint(SandboxStats.LIST_LEADS)).isEqualTo(pages);
        assertThat(client.callsToday()).as("list calls spend the daily quota too").isEqualTo(pages);
        assertThat(registry.get(RotorMetrics.CALLS).tag(RotorMetrics.TAG_PURPOSE, "sync").tag(RotorMetrics.TAG_OUTCOME, "FOUND")
                .counter().count()).isEqualTo(pages);
        assertThat(registry.get(RotorMetrics.CALLS).tag(RotorMetrics.TAG_PURPOSE, "lookup").tag(RotorMetrics.TAG_OUTCOME, "FOUND")
                .counter().count()).isZero();
        client.checkAuth().get(20, TimeUnit.SECONDS);
        assertThat(registry.get(RotorMetrics.CALLS).tag(RotorMetrics.TAG_PURPOSE, "auth").tag(RotorMetrics.TAG_OUTCOME, "FOUND")
                .counter().count()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(ArchivedReading.class)
    void archivedLeadsAreListedOnlyWhenAskedForUnderEitherReadingOfTheParameter(ArchivedReading reading) throws Exception {
        SandboxRotorServer rotor = sandbox(o -> o.catalogSize(60).noQuota().archivedReading(reading));
        RotorClient client = client(rotor);
        List<Lead> withArchived = leads(get(client.listLeads(new LeadListQuery(1, 1000, true, null, List.of()), CAP)));
        List<Lead> without = leads(get(client.listLeads(LeadListQuery.firstPage(1000), CAP)));
        assertThat(withArchived).extracting(Lead::getId).contains(LeadCatalog.EXAMPLE_LEAD_ID);
        assertThat(without).noneMatch(l -> Boolean.TRUE.equals(l.getArchived()));
        if (reading == ArchivedReading.INCLUDE_ARCHIVED) {
            assertThat(withArchived).hasSize(60);
        } else {
            assertThat(withArchived).allMatch(l -> Boolean.TRUE.equals(l.getArchived()));
            assertThat(withArchived.size() + without.size()).isEqualTo(60);
        }
    }

    @Test
    void aLeadCreatedMeanwhileIsOnTheFirstPage() throws Exception {
        SandboxRotorServer rotor = sandbox(o -> o.catalogSize(60).noQuota());
        RotorClient client = client(rotor);
        clock.set(Instant.parse("2027-01-01T00:00:00Z")); // after every seeded lead's created_at
        String created = rotor.createLead();
        assertThat(leads(get(client.listLeads(LeadListQuery.firstPage(1), CAP)))).extracting(Lead::getId).containsExactly(created);
    }

    private static List<Lead> leads(LeadPage page) {
        assertThat(page.outcome()).as(page.toString()).isEqualTo(Outcome.FOUND);
        return page.leads().stream().map(LeadMapper.MappedLead::lead).toList();
    }

    @Test
    void aPageOverTheCapIsTooLargeHalvesAndNeverOpensTheBreaker() throws Exception {
        SandboxRotorServer rotor = sandbox(o -> o.catalogSize(200).noQuota());
        RotorClient client = client(rotor);
        for (int i = 0; i < 5; i++) {
            LeadPage tooLarge = get(client.listLeads(LeadListQuery.firstPage(200), 16 * 1024));
            assertThat(tooLarge.tooLarge()).as(tooLarge.toString()).isTrue();
            assertThat(tooLarge.attempted()).isTrue();
        }
        assertThat(client.breaker().state()).isEqualTo(Breaker.State.CLOSED);
        LeadListQuery smaller = LeadListQuery.firstPage(200).halved().halved().halved();
        assertThat(smaller.limit()).isEqualTo(25);
        LeadPage page = get(client.listLeads(smaller, 16 * 1024));
        assertThat(page.outcome()).as(page.toString()).isEqualTo(Outcome.FOUND);
        assertThat(page.leads()).hasSize(25);
        assertThat(get(client.lookup(rotor.catalog().ids().get(5))).outcome()).isEqualTo(Outcome.FOUND);
    }

    @Test
    void a429ClosesTheGateAndTheNextPageIsRefusedWithoutACall() throws Exception {
        SandboxRotorServer rotor = sandbox(o -> o.catalogSize(20).noQuota().sendRetryAfter(true));
        rotor.spendQuota();
        RotorClient client = client(rotor);
        LeadPage limited = get(client.listLeads(LeadListQuery.firstPage(10), CAP));
        assertThat(limited.outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(limited.resumeAt()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
        LeadPage refused = get(client.listLeads(LeadListQuery.firstPage(10), CAP));
        assertThat(refused.outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(refused.attempted()).isFalse();
        assertThat(rotor.stats().endpoint(SandboxStats.LIST_LEADS)).isEqualTo(1);
        assertThat(client.gate().current().isClosedAt(clock.instant())).isTrue();
    }

    @Test
    void filtersReachRotorAsOneValueEach() throws Exception {
        SandboxRotorServer rotor = sandbox(o -> o.catalogSize(300).noQuota());
        RotorClient client = client(rotor);
        Lead sample = get(client.listLeads(LeadListQuery.firstPage(50), CAP)).leads().stream().map(LeadMapper.MappedLead::lead)
                .filter(l -> l.getStage() != null && l.getTags() != null && !l.getTags().isEmpty()).findFirst().orElseThrow();
        LeadPage filtered = get(client.listLeads(new LeadListQuery(1, 1000, false, sample.getStage(), List.of(sample.getTags().get(0))), CAP));
        assertThat(filtered.outcome()).isEqualTo(Outcome.FOUND);
        assertThat(filtered.leads()).isNotEmpty().allSatisfy(m -> {
            assertThat(m.lead().getStage()).isEqualTo(sample.getStage());
            assertThat(m.lead().getTags()).contains(sample.getTags().get(0));
        });
        Set<String> ids = new HashSet<>();
        filtered.leads().forEach(m -> ids.add(m.lead().getId()));
        assertThat(ids).contains(sample.getId());
    }
}
