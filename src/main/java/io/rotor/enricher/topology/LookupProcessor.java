package io.rotor.enricher.topology;

import io.rotor.enricher.config.TopologySettings;
import io.rotor.enricher.envelope.DlqReason;
import io.rotor.enricher.envelope.FailureRecords;
import io.rotor.enricher.envelope.Origin;
import io.rotor.enricher.envelope.RetryState;
import io.rotor.enricher.retry.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heart of the service: one processor per task over the lead-id repartition topic merged with the retry topic.
 * It routes each event and each lookup answer; its parts keep the state: {@link LeadCache}, {@link PendingEvents},
 * {@link LookupScheduler} (single-flight, in-flight limit, QUEUED leads), {@link RetryParking}, {@link GateSync},
 * and {@link Emitter} writes what comes out. HTTP callbacks only enqueue answers; a wall-clock punctuator and
 * {@code process()} drain them on the stream thread, so nothing blocks it for long.
 */
final class LookupProcessor implements Processor<String, byte[], Object, Object> {
    private static final Logger LOG = LoggerFactory.getLogger(LookupProcessor.class);
    /** How long process() may wait for completions when ENRICHER_MAX_PENDING is passed. */
    static final Duration BACKPRESSURE_SLICE = Duration.ofMillis(50);
    /** How often expired cache entries are purged. */
    static final Duration PURGE_INTERVAL = Duration.ofMinutes(1);

    private final TopologySettings settings;
    private final TopologyPorts ports;
    private final SharedRuntime runtime;
    private final RetryPolicy policy;
    private final CacheBypassRule bypass;
    private final TopologyRecords records;
    private final LeadIdCheck leadIdCheck;
    private final RecordLimits limits;

    private ProcessorContext<Object, Object> context;
    private Emitter emit;
    private PendingEvents pending;
    private LeadCache cache;
    private RetryParking parking;
    private GateSync gateSync;
    private LookupScheduler scheduler;
    private FailureRouter failures;
    private CompletionDrain drain;
    /** The leads table feeding the cache; null with ENRICHER_CATALOG_SYNC off. */
    private CatalogFeed feed;
    /** Misses waiting for a sweep; null unless ENRICHER_CATALOG_SYNC is on and ENRICHER_NEW_LEAD_WAIT above 0. */
    private MissSignals misses;
    private CacheAnswers answers;
    private ReopenRelease reopen;
    private List<Cancellable> punctuators = List.of();

    LookupProcessor(TopologySettings settings, TopologyPorts ports, LeadIdCheck leadIdCheck, SharedRuntime runtime) {
        this.settings = settings;
        this.ports = ports;
        this.leadIdCheck = leadIdCheck;
        this.runtime = runtime;
        this.policy = new RetryPolicy(settings.retry());
        this.bypass = CacheBypassRule.of(settings.cacheBypass());
        this.records = TopologyRecords.of(settings);
        this.limits = ports.limits().resolved(settings);
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        TopologyMetrics metrics = runtime.metrics;
        emit = new Emitter(context, records, metrics, ports.leadSerializer(), settings.outputTopic(), limits.outputBytes(),
                ports.quarantine());
        failures = new FailureRouter(policy, ports.gate(), ports.random(), emit);
        pending = new PendingEvents(context.getStateStore(EnricherTopology.STORE_PENDING), metrics.pending);
        cache = new LeadCache(context.getStateStore(EnricherTopology.STORE_CACHE), settings.cacheTtl(), settings.notFoundTtl(),
                settings.staleIfError(), limits.cacheEntryBytes(), EnricherTopology.changelogTopic(settings, EnricherTopology.STORE_CACHE));
        ParkedIndex byLead = settings.catalogSync() ? new ParkedIndex(context.getStateStore(EnricherTopology.STORE_PARKED_BY_LEAD))
                : ParkedIndex.NONE;
        parking = new RetryParking(context.getStateStore(EnricherTopology.STORE_PARKED), byLead, metrics.parked, metrics.oldestDue,
                metrics.oldestFirstFailure);
        gateSync = new GateSync(context.getStateStore(EnricherTopology.STORE_GATE), ports.gate(), ports.gateKey(),
                runtime.gatePublished);
        scheduler = new LookupScheduler(ports.lookup(), ports.gate(), runtime.inFlight, metrics.queued, metrics::lookupStarted);
        gateSync.adopt();
        reopen = new ReopenRelease(parking, ports.random(), settings.rateLimitSpread().toMillis(), context.taskId().toString());

        answers = new CacheAnswers(cache, emit, failures, ports.gate(), bypass, metrics);
        CatalogWriter catalog = settings.catalogSync()
                ? new CatalogWriter(context, ports.leadSerializer(), settings.catalogTopic(), limits.catalogBytes(), runtime.catalogMetrics,
                        io.rotor.enricher.catalog.CatalogRecords.Source.LOOKUP, EnricherTopology.SINK_CATALOG)
                : CatalogWriter.OFF;
        drain = new CompletionDrain(pending, cache, emit, answers, failures, context::commit, catalog, runtime.catalogMetrics);
        misses = settings.sweeps() ? new MissSignals(context, settings.newLeadWait(), runtime.catalogMetrics, cache, scheduler,
                ports.gate()) : null;
        feed = settings.catalogSync() ? new CatalogFeed(settings.catalogTopic(), settings.partitions(), settings.cacheTtl(),
                ports.leadDeserializer(), leadIdCheck, cache, emit, drain, scheduler, parking, misses, runtime.catalogMetrics) : null;
        // Whatever a crash (or a task move) left pending finishes from a fresh found entry, else is looked up again.
        Set<String> leads = pending.load();
        parking.load();
        long now = context.currentSystemTimeMs();
        for (String lead : leads) {
            CachedLead cached = cache.get(lead);
            if (cached != null && cached.freshAt(now) && cached.kind() != CachedLead.Kind.NOT_FOUND) {
                drain.resumeFromCache(lead, cached);
            } else if (cached == null && misses != null) {
                misses.signalLater(lead);
            } else {
                scheduler.request(lead, now);
            }
        }
        if (!leads.isEmpty()) {
            try (var task = org.slf4j.MDC.putCloseable(LogContext.TASK, context.taskId().toString())) {
                LOG.info("Task {}: re-issued lookups for {} leads ({} pending events) left by an earlier run",
                        context.taskId(), leads.size(), pending.count());
            }
        }
        // Kept to cancel in close(): Streams reuses this object when it revives or resumes the task.
        punctuators = List.of(
                context.schedule(EnricherTopology.DRAIN_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::drainCompletions),
                context.schedule(EnricherTopology.TICK_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::tick),
                context.schedule(settings.retryPollInterval(), PunctuationType.WALL_CLOCK_TIME,
                        t -> parking.releaseDue(t, (event, seq) -> released(event, seq, t))),
                context.schedule(PURGE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, cache::purgeExpired));
    }

    @Override
    public void process(Record<String, byte[]> record) {
        long now = context.currentSystemTimeMs();
        drainCompletions(now);
        if (pending.count() >= settings.maxPending()) {
            // Consumption slows to the drain rate: wait a short slice for completions, then accept the event anyway.
            drainFor(BACKPRESSURE_SLICE, now);
        }
        RecordMetadata meta = context.recordMetadata().orElseThrow();
        if (feed != null && meta.topic().equals(settings.catalogTopic())) {
            feed.accept(record, meta.partition(), now, (event, seq) -> released(event, seq, now));
            return;
        }
        String leadId = record.key();
        String problem = leadId == null ? "the lead id (record key) is null" : leadIdCheck.problem(leadId);
        Origin fallback = new Origin(meta.topic(), meta.partition(), meta.offset(), record.timestamp(), null);
        Origin origin = FailureRecords.readOrigin(record.headers(), fallback);
        List<Header> pass = records.carriedOf(record.headers());
        if (problem != null) {
            // Only a record written to the retry topic by another tool can get here.
            PendingEvent bad = new PendingEvent(leadId == null ? "" : leadId, record.value(), origin, pass, RetryState.NONE);
            emit.deadLetter(bad, DlqReason.INVALID_EVENT, problem, null, FailureRecords.readRetry(record.headers()), now);
            return;
        }
        if (meta.topic().equals(settings.retryTopic())) {
            PendingEvent event = new PendingEvent(leadId, record.value(), origin, pass, FailureRecords.readRetry(record.headers()));
            // Released at its not-before, or when it reaches ENRICHER_MAX_RETRY_AGE if that comes first.
            long due = Math.min(FailureRecords.readNotBefore(record.headers(), now), policy.ageDeadlineMs(event.retry()));
            due = reopen.dueOnArrival(gateSync.reopeningInForce(now), event.retry(), due, now);
            parking.park(due, leadId, StoreKeys.seq(StoreKeys.FROM_RETRY, meta.offset()), event);
            return;
        }
        admit(new PendingEvent(leadId, record.value(), origin, pass, RetryState.NONE),
                StoreKeys.seq(StoreKeys.FROM_REPARTITION, meta.offset()), now);
    }

    @Override
    public void close() {
        punctuators.forEach(Cancellable::cancel);
        scheduler.close();
        if (misses != null) {
            misses.close();
        }
        pending.close();
        parking.close();
    }

    /** A parked event whose time came: past its age it ends in the DLQ without a call, else it needs its lead again. */
    private void released(PendingEvent event, byte[] seq, long now) {
        if (!failures.deadLetterIfExpired(event, now)) {
            admit(event, seq, now);
        }
    }

    /**
     * An event that needs its lead: answered from the cache (a fresh entry, or a stale copy while the gate is closed),
     * or stored pending and looked up.
     */
    private void admit(PendingEvent event, byte[] seq, long now) {
        if (answers.answerAtAdmission(event, now)) {
            return;
        }
        runtime.metrics.cacheMiss();
        pending.add(event.leadId(), seq, event);
        if (misses == null || !misses.waitsForSweep(event.leadId(), now)) {
            scheduler.request(event.leadId(), now);
        }
    }

    private void tick(long now) {
        runtime.metrics.timePassed(now);
        gateSync.adopt();
        reopen.tick(gateSync.reopeningInForce(now), now);
        gateSync.toPublish(now).ifPresent(state -> emit.gate(gateSync.gateKey(), state, now));
        if (misses != null) {
            misses.tick(now, lead -> scheduler.request(lead, now));
        }
        if (feed != null) {
            feed.tick((event, seq) -> released(event, seq, now));
        }
    }

    /** Answers left from the last drain first, then new ones, while the drain's budget lasts. */
    private void drainCompletions(long now) {
        drain.start(now);
        LookupScheduler.Completion c;
        while (!drain.exhausted() && (c = scheduler.poll()) != null) {
            complete(c, now);
        }
        scheduler.startQueued(now);
    }

    private void drainFor(Duration slice, long now) {
        scheduler.drainWithin(slice, () -> pending.count() >= settings.maxPending(),
                c -> complete(c, context.currentSystemTimeMs()));
        scheduler.startQueued(now);
    }

    private void complete(LookupScheduler.Completion completion, long now) {
        try {
            drain.apply(completion.leadId(), completion.result(), now);
        } catch (RuntimeException failure) {
            throw FailureRecords.isEnvironmentFailure(failure) ? failure
                    : new CompletionFailedException("applying a " + completion.result().outcome() + " completion failed", failure);
        }
    }
}
