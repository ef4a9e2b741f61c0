package io.rotor.enricher.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.rotor.enricher.avro.Lead;
import io.rotor.enricher.rotor.LeadListQuery;
import io.rotor.enricher.rotor.LeadMapper.MappedLead;
import io.rotor.enricher.rotor.LeadPage;
import io.rotor.enricher.rotor.Outcome;
import io.rotor.enricher.testkit.Fixtures;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sweeps' pure rules (issue 14) and their records' formats. */
class SweepPlanTest {
    private static final long NOW = Instant.parse("2026-03-02T09:00:00Z").toEpochMilli();
    private static final SweepPlan PLAN = new SweepPlan(new SweepPlan.Config(Duration.ofSeconds(10), Duration.ofHours(1), 5));
    private static final SyncProgress SYNC = SyncProgress.NONE.withCalls(NOW + 3_600_000, 1).sawNewest(NOW - 60_000);

    private static LeadPage page(boolean hasMore, Long... createdAt) {
        io.rotor.enricher.serde.AvroTrust.ensureTrusted(); // Lead.newBuilder(lead) copies through Avro's class checks
        List<MappedLead> leads = new ArrayList<>();
        for (int i = 0; i < createdAt.length; i++) {
            Lead lead = Lead.newBuilder(Fixtures.lead(Fixtures.leadId(i)))
                    .setCreatedAt(createdAt[i] == null ? null : Instant.ofEpochMilli(createdAt[i])).build();
            leads.add(new MappedLead(lead, List.of()));
        }
        return new LeadPage(Outcome.FOUND, leads, 0, hasMore, -1, 200, null, null, null, true, false);
    }

    private static SweepPlan.Request started() {
        SweepProgress wanted = SweepProgress.NONE.signalled();
        return (SweepPlan.Request) PLAN.next(SYNC, wanted, NOW);
    }

    @Test
    void aSweepStartsForASignalFromPageOneStoppingAtTheNewestCreatedAtSeenBeforeAndCountsItsCall() {
        assertThat(PLAN.next(SYNC, SweepProgress.NONE, NOW)).as("no signal, no sweep").isInstanceOf(SweepPlan.Idle.class);
        SweepPlan.Request request = started();
        assertThat(request.query().page()).isEqualTo(1);
        assertThat(request.query().limit()).isEqualTo(1000);
        assertThat(request.sweep().stopAtMs()).isEqualTo(NOW - 60_000);
        assertThat(request.sweep().startedAtMs()).isEqualTo(NOW);
        assertThat(request.sync().callsToday()).isEqualTo(2);
        assertThat(request.sweep().wanted()).as("what was received is covered by the running sweep").isFalse();
        SweepProgress later = request.sweep().signalled();
        assertThat(later.wanted()).as("received after the start: the next sweep's").isTrue();
        assertThat(later.received()).isEqualTo(2);
        assertThat(later.coveredUpTo()).isEqualTo(1);
        assertThat(PLAN.ended(later, true, NOW).wanted()).as("after a complete sweep, the later miss still wants one").isTrue();
        assertThat(PLAN.ended(request.sweep(), true, NOW).wanted()).isFalse();
        assertThat(PLAN.ended(request.sweep(), false, NOW).wanted()).as("a failed sweep's misses want the next").isTrue();
    }

    @Test
    void theStopRuleEndsAtALeadNotNewerThanTheMarkAtAnUndatedLeadOrAtTheLastPage() {
        SweepPlan.Request r = started();
        LeadListQuery q = r.query();
        assertThat(PLAN.applied(r.sync(), r.sweep(), q, page(true, NOW - 1, NOW - 2)).ended()).as("all newer: page 2 next").isFalse();
        assertThat(PLAN.applied(r.sync(), r.sweep(), q, page(true, NOW - 1, NOW - 60_000)).ended()).as("a tie stops it").isTrue();
        assertThat(PLAN.applied(r.sync(), r.sweep(), q, page(true, NOW - 1, NOW - 70_000)).ended()).isTrue();
        assertThat(PLAN.applied(r.sync(), r.sweep(), q, page(true, NOW - 1, null)).ended()).isTrue();
        assertThat(PLAN.applied(r.sync(), r.sweep(), q, page(false, NOW - 1)).ended()).isTrue();
        SweepPlan.Applied more = PLAN.applied(r.sync(), r.sweep(), q, page(true, NOW - 1, NOW - 2));
        assertThat(more.sweep().page()).isEqualTo(2);
        assertThat(more.sync().newestCreatedAtMs()).as("the next sweep stops here").isEqualTo(NOW - 1);

        SweepProgress noHistory = SweepProgress.NONE.signalled();
        SweepPlan.Request first = (SweepPlan.Request) PLAN.next(SyncProgress.NONE.withCalls(NOW + 3_600_000, 0), noHistory, NOW);
        assertThat(PLAN.applied(first.sync(), first.sweep(), first.query(), page(true, NOW - 1)).ended())
                .as("nothing seen before: page 1 only").isTrue();
    }

    @Test
    void aRefusedPageGivesItsCallBackAndEndsTheSweepWithoutCoverage() {
        SweepPlan.Request r = started();
        LeadPage refused = new LeadPage(Outcome.RATE_LIMITED, List.of(), 0, false, -1, 0, null, "quota gate closed", null, false, false);
        SweepPlan.Applied a = PLAN.applied(r.sync(), r.sweep(), r.query(), refused);
        assertThat(a.ended()).isTrue();
        assertThat(a.complete()).isFalse();
        assertThat(a.sync().callsToday()).isEqualTo(1);
        assertThat(PLAN.ended(a.sweep(), false, NOW).pausedUntilMs()).as("no back-off for a failure").isZero();
    }

    @Test
    void aPoorSweepPausesSweepsAndSignalsAreNotKeptMeanwhile() {
        SweepPlan.Request r = started();
        SweepProgress ended = PLAN.ended(r.sweep().found(1), true, NOW);
        assertThat(ended.pausedUntilMs()).isEqualTo(NOW + 3_600_000);
        assertThat(PLAN.accepts(ended, SYNC, NOW + 1_000)).isFalse();
        assertThat(PLAN.accepts(ended, SYNC, NOW + 3_600_000)).isTrue();
        assertThat(PLAN.ended(r.sweep().found(2), true, NOW).pausedUntilMs()).isZero();
    }

    @Test
    void theShareSpentTurnsSweepsOffUntilTheResetOnce() {
        SyncProgress spent = SYNC.withCalls(SYNC.budgetDayMs(), 5);
        SweepPlan.Step step = PLAN.next(spent, SweepProgress.NONE.signalled(), NOW);
        assertThat(step).isInstanceOf(SweepPlan.Off.class);
        SweepPlan.Off off = (SweepPlan.Off) step;
        assertThat(off.untilMs()).isEqualTo(spent.budgetDayMs());
        assertThat(PLAN.accepts(off.sweep(), spent, NOW)).isFalse();
        assertThat(off.sweep().wanted()).as("the misses were dropped").isFalse();
        SyncProgress nextDay = spent.withCalls(spent.budgetDayMs() + 86_400_000, 0);
        assertThat(PLAN.accepts(off.sweep(), nextDay, NOW + 3_600_000)).as("after the reset").isTrue();
    }

    @Test
    void progressAndWatermarkRoundTripAndAnUnknownVersionIsNone() {
        SweepProgress p = started().sweep().found(3).signalled();
        assertThat(SweepProgress.decode(p.encode())).isEqualTo(p);
        assertThat(SweepProgress.decode("{\"v\":2}".getBytes(StandardCharsets.UTF_8))).isEqualTo(SweepProgress.NONE);
        assertThat(SweepProgress.decode("not json".getBytes(StandardCharsets.UTF_8))).isEqualTo(SweepProgress.NONE);
        SweepWatermark w = new SweepWatermark(NOW, List.of("a", "b"), true, NOW + 10, SweepWatermark.OFF_BACKOFF, NOW);
        assertThat(SweepWatermark.decode(w.encode())).isEqualTo(w);
        assertThat(SweepWatermark.decode("{\"v\":9}".getBytes(StandardCharsets.UTF_8))).isEqualTo(SweepWatermark.NONE);
        assertThat(w.offAt(NOW + 9)).isTrue();
        assertThat(w.offAt(NOW + 10)).isFalse();
        assertThat(SweepWatermark.fits(SweepWatermark.MAX_MISSED_CHARS - 40, "x".repeat(36))).isTrue();
        assertThat(SweepWatermark.fits(SweepWatermark.MAX_MISSED_CHARS - 38, "x".repeat(36))).isFalse();
    }
}
