package io.rotor.enricher.topology;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.rotor.enricher.avro.Lead;
import io.rotor.enricher.config.TopologySettings;
import io.rotor.enricher.envelope.DlqReason;
import io.rotor.enricher.envelope.FailureRecords;
import io.rotor.enricher.envelope.HeaderNames;
import io.rotor.enricher.envelope.Origin;
import io.rotor.enricher.envelope.RetryState;
import io.rotor.enricher.retry.RetryDecision;
import io.rotor.enricher.retry.RetryPolicy;
import io.rotor.enricher.rotor.GateState;
import io.rotor.enricher.rotor.LookupResult;
import io.rotor.enricher.rotor.Outcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heart of the service: one processor per task over the lead-id repartition topic merged with the retry topic.
 * <p>
 * Pending events live in the changelogged {@code pending} store until their lead's lookup completes; lookups run
 * asynchronously, at most one per lead (single-flight) and at most ENRICHER_MAX_IN_FLIGHT leads per instance
 * (the rest wait as QUEUED). HTTP callbacks only enqueue completions; a wall-clock punctuator and
 * {@code process()} drain them on the stream thread, so nothing blocks it for long. Retry-topic records are
 * parked in {@code retry-parked} until their not-before and released by a wall-clock punctuator.
 */
final class LookupProcessor implements Processor<String, byte[], Object, Object> {
    private static final Logger LOG = LoggerFactory.getLogger(LookupProcessor.class);
    /** How often completions are drained and the gate is synchronised with its topic. */
    static final Duration DRAIN_INTERVAL = EnricherTopology.DRAIN_INTERVAL;
    /** How long process() may wait for completions when ENRICHER_MAX_PENDING is passed. */
    static final Duration BACKPRESSURE_SLICE = Duration.ofMillis(50);
    /** How often expired cache entries are purged. */
    static final Duration PURGE_INTERVAL = Duration.ofMinutes(1);
    /** Released per punctuation at most, so one punctuation stays short after a long outage. */
    static final int MAX_RELEASE_PER_POLL = 10_000;

    private record Completion(String leadId, LookupResult result) {
    }

    private final TopologySettings settings;
    private final TopologyPorts ports;
    private final SharedRuntime runtime;
    private final RetryPolicy policy;
    private final JsonPointer bypassPointer;
    private final Set<String> passHeaders;
    private final LeadIdCheck leadIdCheck;

    private ProcessorContext<Object, Object> context;
    private KeyValueStore<Bytes, byte[]> pending;
    private KeyValueStore<String, byte[]> cache;
    private KeyValueStore<Bytes, byte[]> parked;
    private KeyValueStore<String, byte[]> gateStore;

    private final Set<String> inFlight = new HashSet<>();
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private final Set<String> queued = new HashSet<>();
    private final LinkedBlockingQueue<Completion> completions = new LinkedBlockingQueue<>();
    private volatile boolean closed;
    private long pendingCount;
    private long parkedCount;

    LookupProcessor(TopologySettings settings, TopologyPorts ports, LeadIdCheck leadIdCheck, SharedRuntime runtime) {
        this.settings = settings;
        this.leadIdCheck = leadIdCheck;
        this.ports = ports;
        this.runtime = runtime;
        this.policy = new RetryPolicy(settings);
        this.bypassPointer = settings.cacheBypass().map(b -> JsonPointer.compile(b.pointer())).orElse(null);
        Set<String> pass = new LinkedHashSet<>();
        for (String name : settings.passHeaders()) {
            if (HeaderNames.passable(name)) {
                pass.add(name);
            }
        }
        this.passHeaders = Set.copyOf(pass);
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.pending = context.getStateStore(EnricherTopology.STORE_PENDING);
        this.cache = context.getStateStore(EnricherTopology.STORE_CACHE);
        this.parked = context.getStateStore(EnricherTopology.STORE_PARKED);
        this.gateStore = context.getStateStore(EnricherTopology.STORE_GATE);
        adoptGate();

        // Re-issue whatever a crash (or a task move) left pending, and recompute the counters.
        Set<String> leads = new LinkedHashSet<>();
        try (KeyValueIterator<Bytes, byte[]> it = pending.all()) {
            while (it.hasNext()) {
                leads.add(PendingEvent.decode(it.next().value).leadId());
                pendingCount++;
            }
        }
        try (KeyValueIterator<Bytes, byte[]> it = parked.all()) {
            if (it.hasNext()) {
                runtime.metrics.oldestDue.put(this, StoreKeys.parkedDue(it.peekNextKey()));
            }
            while (it.hasNext()) {
                it.next();
                parkedCount++;
            }
        }
        runtime.metrics.pending.addAndGet(pendingCount);
        runtime.metrics.parked.addAndGet(parkedCount);
        long now = context.currentSystemTimeMs();
        for (String lead : leads) {
            ensureLookup(lead, now);
        }
        if (!leads.isEmpty()) {
            LOG.info("Task {}: re-issued lookups for {} leads ({} pending events) left by an earlier run",
                    context.taskId(), leads.size(), pendingCount);
        }
        context.schedule(DRAIN_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::tick);
        context.schedule(settings.retryPollInterval(), PunctuationType.WALL_CLOCK_TIME, this::releaseDue);
        context.schedule(PURGE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::purgeCache);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        long now = context.currentSystemTimeMs();
        drainCompletions(now);
        if (pendingCount >= settings.maxPending()) {
            // Consumption slows to the drain rate: wait a short slice for completions, then accept the event anyway.
            drainFor(BACKPRESSURE_SLICE, now);
        }
        RecordMetadata meta = context.recordMetadata().orElseThrow();
        boolean fromRetry = meta.topic().equals(settings.retryTopic());
        String leadId = record.key();
        String problem = leadId == null ? "the lead id (record key) is null" : leadIdCheck.problem(leadId);
        Origin fallback = new Origin(meta.topic(), meta.partition(), meta.offset(), record.timestamp(), null);
        Origin origin = FailureRecords.readOrigin(record.headers(), fallback);
        List<Header> pass = passHeadersOf(record.headers());
        if (problem != null) {
            // Only a record written to the retry topic by another tool can get here.
            PendingEvent bad = new PendingEvent(leadId == null ? "" : leadId, record.value(), origin, pass, RetryState.NONE);
            deadLetter(bad, DlqReason.INVALID_EVENT, problem, null, FailureRecords.readRetry(record.headers()), now);
            return;
        }
        if (fromRetry) {
            RetryState retry = FailureRecords.readRetry(record.headers());
            long notBefore = FailureRecords.readNotBefore(record.headers(), now);
            PendingEvent event = new PendingEvent(leadId, record.value(), origin, pass, retry);
            parked.put(StoreKeys.parked(notBefore, leadId, StoreKeys.seq(StoreKeys.FROM_RETRY, meta.offset())), event.encode());
            parkedCount++;
            runtime.metrics.parked.incrementAndGet();
            runtime.metrics.oldestDue.merge(this, notBefore, Math::min);
            return;
        }
        PendingEvent event = new PendingEvent(leadId, record.value(), origin, pass, RetryState.NONE);
        admit(event, StoreKeys.seq(StoreKeys.FROM_REPARTITION, meta.offset()), now);
    }

    @Override
    public void close() {
        closed = true;
        completions.clear();
        runtime.metrics.pending.addAndGet(-pendingCount);
        runtime.metrics.parked.addAndGet(-parkedCount);
        runtime.metrics.queued.addAndGet(-queue.size());
        runtime.metrics.oldestDue.remove(this);
    }

    /** An event that needs its lead: answered from a fresh cache entry, or stored pending and looked up. */
    private void admit(PendingEvent event, byte[] seq, long now) {
        String leadId = event.leadId();
        boolean bypass = bypassRequested(event.value());
        byte[] cachedBytes = bypass ? null : cache.get(leadId);
        // An entry in an older format decodes to null: a miss, overwritten when the lookup completes.
        CachedLead cached = cachedBytes == null ? null : CachedLead.decode(cachedBytes);
        if (cached != null && cached.freshAt(now)) {
            if (cached.kind() == CachedLead.Kind.OUTPUT) {
                runtime.metrics.cacheHit();
                forward(event, cached.payload(), cached.warnings(), cached.fetchedAtMs(), true, now);
                return;
            }
            if (cached.kind() == CachedLead.Kind.LEAD_AVRO) {
                // The serializer refused this lead when it was fetched: try it again, as for any hit.
                runtime.metrics.cacheHit();
                serializeAndForward(event, LeadAvro.decode(cached.payload()), cached.warnings(), cached.fetchedAtMs(), true, now);
                return;
            }
            // A NOT_FOUND retry bypasses the negative cache: the lead may have appeared meanwhile.
            if (event.retry().lastOutcome() != Outcome.NOT_FOUND) {
                runtime.metrics.cacheHit();
                routeFailure(event, new LookupResult(Outcome.NOT_FOUND, null, List.of(), cached.status(),
                        cached.errorCode(), cached.message(), null, true), now);
                return;
            }
        }
        runtime.metrics.cacheMiss();
        pending.put(StoreKeys.pending(leadId, seq), event.encode());
        pendingCount++;
        runtime.metrics.pending.incrementAndGet();
        ensureLookup(leadId, now);
    }

    private boolean bypassRequested(byte[] value) {
        if (bypassPointer == null || value == null) {
            return false;
        }
        try {
            JsonNode node = LeadIdExtractor.JSON.readTree(value);
            if (node == null) {
                return false;
            }
            JsonNode at = node.at(bypassPointer);
            return !at.isMissingNode() && !at.isContainerNode() && settings.cacheBypass().get().value().equals(at.asText());
        } catch (java.io.IOException notJson) {
            return false;
        }
    }

    /** Single-flight: starts the lead's lookup unless one is in flight or queued; queues it when no slot is free. */
    private void ensureLookup(String leadId, long now) {
        if (inFlight.contains(leadId) || queued.contains(leadId)) {
            return;
        }
        if (!start(leadId, now)) {
            queue.addLast(leadId);
            queued.add(leadId);
            runtime.metrics.queued.incrementAndGet();
        }
    }

    /** Starts a lookup; false when every in-flight slot of the instance is taken. Never forwards (init calls it). */
    private boolean start(String leadId, long now) {
        GateState gate = ports.gate().current();
        if (gate.isClosedAt(java.time.Instant.ofEpochMilli(now))) {
            // A closed gate costs no call and no slot: the refusal goes through the completion path like any answer.
            inFlight.add(leadId);
            Outcome reason = gate.reason() == null ? Outcome.RATE_LIMITED : gate.reason();
            completions.add(new Completion(leadId, LookupResult.refused(reason, "quota gate closed", gate.closedUntil())));
            return true;
        }
        if (!runtime.inFlight.tryAcquire()) {
            return false;
        }
        inFlight.add(leadId);
        runtime.metrics.lookupStarted();
        CompletableFuture<LookupResult> future;
        try {
            future = ports.lookup().lookup(leadId);
        } catch (RuntimeException portBroke) {
            future = CompletableFuture.completedFuture(
                    LookupResult.failure(Outcome.NETWORK, 0, null, "lookup failed: " + portBroke.getClass().getSimpleName()));
        }
        future.whenComplete((result, failure) -> {
            runtime.inFlight.release();
            if (closed) {
                return; // the task moved away: its successor re-issues the lookup from the pending store
            }
            completions.add(new Completion(leadId, result != null ? result
                    : LookupResult.failure(Outcome.NETWORK, 0, null, "lookup failed: " + failure.getClass().getSimpleName())));
        });
        return true;
    }

    private void tick(long now) {
        adoptGate();
        publishGate(now);
        drainCompletions(now);
    }

    private void drainCompletions(long now) {
        Completion c;
        while ((c = completions.poll()) != null) {
            complete(c, now);
        }
        startQueued(now);
    }

    private void drainFor(Duration slice, long now) {
        long deadline = System.nanoTime() + slice.toNanos();
        while (pendingCount >= settings.maxPending()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                Completion c = completions.poll(left, TimeUnit.NANOSECONDS);
                if (c == null) {
                    break;
                }
                complete(c, context.currentSystemTimeMs());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        startQueued(now);
    }

    private void startQueued(long now) {
        while (!queue.isEmpty()) {
            String leadId = queue.peekFirst();
            if (!start(leadId, now)) {
                return;
            }
            queue.pollFirst();
            queued.remove(leadId);
            runtime.metrics.queued.decrementAndGet();
        }
    }

    private void complete(Completion completion, long now) {
        try {
            applyCompletion(completion, now);
        } catch (RuntimeException failure) {
            if (FailureRecords.isEnvironmentFailure(failure)) {
                throw failure;
            }
            throw new CompletionFailedException("applying a " + completion.result().outcome() + " completion failed", failure);
        }
    }

    private void applyCompletion(Completion completion, long now) {
        String leadId = completion.leadId();
        LookupResult result = completion.result();
        inFlight.remove(leadId);
        List<KeyValue<Bytes, byte[]>> events = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = pending.prefixScan(StoreKeys.leadPrefix(leadId), new org.apache.kafka.common.serialization.BytesSerializer())) {
            while (it.hasNext()) {
                events.add(it.next());
            }
        }
        if (result.outcome() == Outcome.FOUND) {
            // fetched-at never decreases per lead, even if the wall clock steps back.
            long fetchedAt = Math.max(now, priorFetchedAt(leadId));
            long expiresAt = now + settings.cacheTtl().toMillis();
            // Serialized once per fetch; the bytes go to every waiting event and, cached, to every later hit.
            byte[] value;
            RuntimeException refused = null;
            try {
                value = serialize(result.lead());
            } catch (RuntimeException failure) {
                if (FailureRecords.isEnvironmentFailure(failure)) {
                    throw failure; // the registry or broker is down, not the event's fault: never dead-lettered
                }
                value = null;
                refused = failure;
            }
            cache.put(leadId, (value != null
                    ? CachedLead.output(value, result.warnings(), fetchedAt, expiresAt)
                    : CachedLead.leadAvro(LeadAvro.encode(result.lead()), result.warnings(), fetchedAt, expiresAt)).encode());
            for (KeyValue<Bytes, byte[]> kv : events) {
                PendingEvent event = PendingEvent.decode(kv.value);
                if (value != null) {
                    forward(event, value, result.warnings(), fetchedAt, false, now);
                } else {
                    serializationFailed(event, refused, now);
                }
                removePending(kv.key);
            }
            return;
        }
        if (result.outcome() == Outcome.NOT_FOUND && result.attempted()) {
            cache.put(leadId, CachedLead.notFound(result.httpStatus(), result.errorCode(), result.message(),
                    Math.max(now, priorFetchedAt(leadId)), now + settings.notFoundTtl().toMillis()).encode());
        }
        for (KeyValue<Bytes, byte[]> kv : events) {
            routeFailure(PendingEvent.decode(kv.value), result, now);
            removePending(kv.key);
        }
    }

    private void removePending(Bytes key) {
        pending.delete(key);
        pendingCount--;
        runtime.metrics.pending.decrementAndGet();
    }

    /** 0 when the lead has no readable cache entry. */
    private long priorFetchedAt(String leadId) {
        byte[] priorBytes = cache.get(leadId);
        CachedLead prior = priorBytes == null ? null : CachedLead.decode(priorBytes);
        return prior == null ? 0 : prior.fetchedAtMs();
    }

    /**
     * The output value of a lead. Called once per fetched lead, without the record's headers, because the bytes are
     * cached and forwarded as they are for every hit.
     */
    private byte[] serialize(Lead lead) {
        return ports.leadSerializer().serialize(settings.outputTopic(), lead);
    }

    private void serializeAndForward(PendingEvent event, Lead lead, List<String> warnings, long fetchedAt, boolean cacheHit, long now) {
        byte[] value;
        try {
            value = serialize(lead);
        } catch (RuntimeException failure) {
            if (FailureRecords.isEnvironmentFailure(failure)) {
                throw failure; // the registry or broker is down, not the event's fault: never dead-lettered
            }
            serializationFailed(event, failure, now);
            return;
        }
        forward(event, value, warnings, fetchedAt, cacheHit, now);
    }

    private void serializationFailed(PendingEvent event, RuntimeException failure, long now) {
        deadLetter(event, DlqReason.STREAMS_ERROR, "the Lead could not be serialized: " + failure.getClass().getName(),
                failure, event.retry(), now);
    }

    /** Output: key lead id, the serialized Lead, and the header allow-list. */
    private void forward(PendingEvent event, byte[] value, List<String> warnings, long fetchedAt, boolean cacheHit, long now) {
        RecordHeaders headers = new RecordHeaders();
        FailureRecords.writeOrigin(headers, event.origin());
        FailureRecords.putText(headers, HeaderNames.FETCHED_AT, Long.toString(fetchedAt));
        FailureRecords.putText(headers, HeaderNames.CACHE_HIT, Boolean.toString(cacheHit));
        for (String warning : warnings) {
            headers.add(HeaderNames.WARNING, warning.getBytes(StandardCharsets.UTF_8));
        }
        for (Header h : event.passHeaders()) {
            headers.add(h.key(), h.value());
        }
        context.forward(new Record<>(event.leadId(), value, now, headers), EnricherTopology.SINK_OUTPUT);
    }

    private void routeFailure(PendingEvent event, LookupResult result, long now) {
        RetryDecision decision = policy.decide(result, event.retry(), now, ports.gate().current().closedUntil(), ports.random());
        if (decision instanceof RetryDecision.Retry retry) {
            RecordHeaders headers = new RecordHeaders();
            for (Header h : event.passHeaders()) {
                headers.add(h.key(), h.value());
            }
            FailureRecords.writeOrigin(headers, event.origin());
            FailureRecords.writeRetry(headers, retry.notBeforeMs(), retry.state());
            context.forward(new Record<>(event.leadId(), event.value(), now, headers), EnricherTopology.SINK_RETRY);
        } else {
            RetryDecision.DeadLetter dead = (RetryDecision.DeadLetter) decision;
            deadLetter(event, dead.reason(), describe(dead.reason(), dead.state()), null, dead.state(), now);
        }
    }

    private static String describe(DlqReason reason, RetryState state) {
        String cause = state.lastOutcome() + (state.lastStatus() > 0 ? " (HTTP " + state.lastStatus() + ")" : "")
                + (state.lastMessage() == null ? "" : ": " + state.lastMessage());
        return switch (reason) {
            case RETRIES_EXHAUSTED -> "retries exhausted after " + state.attempts() + " attempts; last cause " + cause;
            case NOT_FOUND -> "Rotor has no such lead after " + state.notFoundRetries() + " retries; " + cause;
            case BAD_RESPONSE -> "Rotor's response was not the documented envelope twice; " + cause;
            default -> cause;
        };
    }

    private void deadLetter(PendingEvent event, DlqReason reason, String message, Throwable cause, RetryState state, long now) {
        RecordHeaders headers = new RecordHeaders();
        for (Header h : event.passHeaders()) {
            headers.add(h.key(), h.value());
        }
        FailureRecords.writeDeadLetter(headers, reason, message, cause, state, event.origin());
        runtime.metrics.deadLettered(reason);
        context.forward(new Record<>(event.origin().key(), event.value(), now, headers), EnricherTopology.SINK_DLQ);
    }

    /** Releases parked events whose not-before has come: never before it, at most one poll interval after. */
    private void releaseDue(long now) {
        List<KeyValue<Bytes, byte[]>> due = new ArrayList<>();
        Long nextDue = null;
        try (KeyValueIterator<Bytes, byte[]> it = parked.all()) {
            while (it.hasNext()) {
                Bytes key = it.peekNextKey();
                long dueMs = StoreKeys.parkedDue(key);
                if (dueMs > now || due.size() >= MAX_RELEASE_PER_POLL) {
                    nextDue = dueMs;
                    break;
                }
                due.add(it.next());
            }
        }
        if (nextDue == null) {
            runtime.metrics.oldestDue.remove(this);
        } else {
            runtime.metrics.oldestDue.put(this, nextDue);
        }
        for (KeyValue<Bytes, byte[]> kv : due) {
            parked.delete(kv.key);
            parkedCount--;
            runtime.metrics.parked.decrementAndGet();
            admit(PendingEvent.decode(kv.value), StoreKeys.parkedSeq(kv.key), now);
        }
    }

    private void purgeCache(long now) {
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = cache.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                CachedLead entry = CachedLead.decode(kv.value);
                if (entry == null || !entry.freshAt(now)) {
                    expired.add(kv.key);
                }
            }
        }
        expired.forEach(cache::delete);
    }

    /** Takes what other instances (or an earlier run) published to the gate topic. */
    private void adoptGate() {
        if (gateStore == null) {
            return;
        }
        byte[] seen = gateStore.get(ports.gateKey());
        if (seen != null) {
            ports.gate().adopt(GateStateJson.decode(seen));
        }
    }

    /** Publishes this instance's gate when it closes later than what the gate topic holds. */
    private void publishGate(long now) {
        GateState current = ports.gate().current();
        long closedUntil = current.closedUntil().toEpochMilli();
        if (closedUntil <= now) {
            return;
        }
        long known = gateStore == null ? 0 : GateStateJson.decode(gateStore.get(ports.gateKey())).closedUntil().toEpochMilli();
        long published = runtime.lastPublishedGateMs.get();
        if (closedUntil <= Math.max(known, published)) {
            return;
        }
        if (runtime.lastPublishedGateMs.compareAndSet(published, closedUntil)) {
            context.forward(new Record<>(ports.gateKey(), GateStateJson.encode(current), now), EnricherTopology.SINK_GATE);
        }
    }

    private List<Header> passHeadersOf(Headers headers) {
        if (passHeaders.isEmpty()) {
            return List.of();
        }
        List<Header> pass = new ArrayList<>();
        for (Header h : headers) {
            if (passHeaders.contains(h.key())) {
                pass.add(new RecordHeader(h.key(), h.value()));
            }
        }
        return List.copyOf(pass);
    }
}
