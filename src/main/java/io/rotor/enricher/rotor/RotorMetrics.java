package io.rotor.enricher.rotor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Rotor client's meters and the per-instance count of calls since the last daily quota reset. Tags hold only
 * closed sets (outcome, reason, refusing component): never a lead id or field.
 */
public final class RotorMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(RotorMetrics.class);

    /** Counter, tags {@code purpose} and {@code outcome}: requests that made an HTTP attempt. */
    public static final String CALLS = "rotor.client.calls";
    /** Timer with percentile histogram, tags {@code purpose} and {@code outcome}: duration of attempted requests. */
    public static final String LATENCY = "rotor.client.latency";
    /** Counter, tags {@code purpose} and {@code by} = gate|breaker: requests refused without a call. */
    public static final String REFUSALS = "rotor.client.refusals";
    /** Gauge: requests sent by this instance since the last quota reset (ROTOR_QUOTA_RESET_TIME/ZONE). */
    public static final String CALLS_TODAY = "rotor.client.calls.today";
    /** Gauge: ROTOR_DAILY_BUDGET (informational; only a 429 stops calls). */
    public static final String DAILY_BUDGET = "rotor.client.daily.budget";
    /** Gauge, tag {@code reason} = RATE_LIMITED|AUTH_FAILED|UNEXPECTED_STATUS: 1 while the gate is closed for it. */
    public static final String GATE_CLOSED = "rotor.gate.closed";
    /** Gauge: when the closed gate reopens, epoch seconds; 0 when open. */
    public static final String GATE_RESUME_AT = "rotor.gate.resume.at";
    /** Gauge: 1 while the circuit breaker is open or probing. */
    public static final String BREAKER_OPEN = "rotor.breaker.open";
    /** Gauge: when the breaker lets the next probe through, epoch seconds; 0 when closed. */
    public static final String BREAKER_RETRY_AT = "rotor.breaker.retry.at";

    public static final String TAG_OUTCOME = "outcome";
    public static final String TAG_PURPOSE = "purpose";
    public static final String TAG_REASON = "reason";
    public static final String TAG_BY = "by";
    public static final String BY_GATE = "gate";
    public static final String BY_BREAKER = "breaker";

    /** Outcomes the gate closes for. */
    public static final List<Outcome> GATE_REASONS =
            List.of(Outcome.RATE_LIMITED, Outcome.AUTH_FAILED, Outcome.UNEXPECTED_STATUS);

    private final Clock clock;
    private final DailyReset dailyReset;
    private final int dailyBudget;
    private final long warnAt;
    private final Map<CallPurpose, Map<Outcome, Counter>> calls = new EnumMap<>(CallPurpose.class);
    private final Map<CallPurpose, Map<Outcome, Timer>> latency = new EnumMap<>(CallPurpose.class);
    private final Map<CallPurpose, Counter> refusedByGate = new EnumMap<>(CallPurpose.class);
    private final Map<CallPurpose, Counter> refusedByBreaker = new EnumMap<>(CallPurpose.class);

    private long callsToday;
    private Instant periodEnd;
    private boolean warnedThisPeriod;

    public RotorMetrics(MeterRegistry registry, Clock clock, DailyReset dailyReset, int dailyBudget,
                        QuotaGate gate, Breaker breaker) {
        this.clock = clock;
        this.dailyReset = dailyReset;
        this.dailyBudget = dailyBudget;
        this.warnAt = (long) Math.ceil(dailyBudget * 0.9);
        this.periodEnd = dailyReset.nextAfter(clock.instant());
        // Every series exists from the start, with the same tag keys on each registration (Prometheus needs that).
        for (CallPurpose purpose : CallPurpose.values()) {
            Map<Outcome, Counter> byOutcome = new EnumMap<>(Outcome.class);
            Map<Outcome, Timer> timed = new EnumMap<>(Outcome.class);
            for (Outcome o : Outcome.values()) {
                byOutcome.put(o, Counter.builder(CALLS).description("Rotor requests that made an HTTP attempt, by purpose and outcome")
                        .tag(TAG_PURPOSE, purpose.tag()).tag(TAG_OUTCOME, o.name()).register(registry));
                timed.put(o, Timer.builder(LATENCY).description("Duration of Rotor requests that made an HTTP attempt")
                        .tag(TAG_PURPOSE, purpose.tag()).tag(TAG_OUTCOME, o.name()).publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(2))
                        .register(registry));
            }
            calls.put(purpose, byOutcome);
            latency.put(purpose, timed);
            refusedByGate.put(purpose, Counter.builder(REFUSALS).description("Rotor requests refused without a call")
                    .tag(TAG_PURPOSE, purpose.tag()).tag(TAG_BY, BY_GATE).register(registry));
            refusedByBreaker.put(purpose, Counter.builder(REFUSALS).description("Rotor requests refused without a call")
                    .tag(TAG_PURPOSE, purpose.tag()).tag(TAG_BY, BY_BREAKER).register(registry));
        }
        Gauge.builder(CALLS_TODAY, this, RotorMetrics::callsToday)
                .description("Requests this instance sent to Rotor since the last daily quota reset").register(registry);
        Gauge.builder(DAILY_BUDGET, () -> dailyBudget)
                .description("ROTOR_DAILY_BUDGET: the key's daily request quota (informational)").register(registry);
        for (Outcome reason : GATE_REASONS) {
            Gauge.builder(GATE_CLOSED, gate, g -> {
                        GateState s = g.current();
                        return s.reason() == reason && s.isClosedAt(clock.instant()) ? 1 : 0;
                    })
                    .description("1 while the quota gate is closed for this reason")
                    .tag(TAG_REASON, reason.name()).register(registry);
        }
        Gauge.builder(GATE_RESUME_AT, gate, g -> {
                    GateState s = g.current();
                    return s.isClosedAt(clock.instant()) ? s.closedUntil().getEpochSecond() : 0;
                })
                .description("When the closed quota gate reopens, epoch seconds; 0 when open")
                .baseUnit("seconds").register(registry);
        Gauge.builder(BREAKER_OPEN, breaker, b -> b.state() == Breaker.State.CLOSED ? 0 : 1)
                .description("1 while the circuit breaker is open or probing").register(registry);
        Gauge.builder(BREAKER_RETRY_AT, breaker, b -> b.retryAt().getEpochSecond())
                .description("When the breaker lets the next probe through, epoch seconds; 0 when closed")
                .baseUnit("seconds").register(registry);
    }

    /** A request goes on the wire: it counts against today's quota. Warns once a day at 90 % of the budget. */
    public void requestSent() {
        long count;
        boolean warn = false;
        synchronized (this) {
            rollPeriod(clock.instant());
            count = ++callsToday;
            if (count >= warnAt && !warnedThisPeriod && dailyBudget > 0) {
                warnedThisPeriod = true;
                warn = true;
            }
        }
        if (warn) {
            LOG.warn("This instance has sent {} Rotor requests since the last quota reset, {}% of ROTOR_DAILY_BUDGET={};"
                    + " calls continue until Rotor answers 429 (the quota is per key, shared by all instances)",
                    count, count * 100 / dailyBudget, dailyBudget);
        }
    }

    public synchronized long callsToday() {
        rollPeriod(clock.instant());
        return callsToday;
    }

    public void attempted(CallPurpose purpose, Outcome outcome, Duration elapsed) {
        calls.get(purpose).get(outcome).increment();
        latency.get(purpose).get(outcome).record(elapsed);
    }

    public void refusedByGate(CallPurpose purpose) {
        refusedByGate.get(purpose).increment();
    }

    public void refusedByBreaker(CallPurpose purpose) {
        refusedByBreaker.get(purpose).increment();
    }

    private void rollPeriod(Instant now) {
        if (!now.isBefore(periodEnd)) {
            callsToday = 0;
            warnedThisPeriod = false;
            periodEnd = dailyReset.nextAfter(now);
        }
    }
}
