package io.rotor.enricher.topology;

import io.rotor.enricher.rotor.GateState;
import io.rotor.enricher.rotor.LeadLookup;
import io.rotor.enricher.rotor.LookupResult;
import io.rotor.enricher.rotor.Outcome;
import io.rotor.enricher.rotor.SharedGate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One task's lookups: at most one per lead (single-flight), at most as many per instance as the shared
 * {@code slots} allow (ENRICHER_MAX_IN_FLIGHT; the rest wait QUEUED, in arrival order), none while the quota gate is
 * closed (refused at once, without a call or a slot). Answers arrive on the HTTP client's threads and only join a
 * queue; the stream thread takes them with {@link #poll}. Knows nothing of Kafka Streams, so it is tested with plain
 * calls.
 */
final class LookupScheduler {
    /** A lookup's answer, for the stream thread. */
    record Completion(String leadId, LookupResult result) {
    }

    private final LeadLookup lookup;
    private final SharedGate gate;
    private final Semaphore slots;
    private final AtomicLong queuedGauge;
    private final Runnable onLookupStarted;

    private final Set<String> inFlight = new HashSet<>();
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private final Set<String> queued = new HashSet<>();
    private final LinkedBlockingQueue<Completion> completions = new LinkedBlockingQueue<>();
    private volatile boolean closed;

    /**
     * @param slots           the instance's in-flight limit, shared by all tasks
     * @param queuedGauge     the instance's count of QUEUED leads; this scheduler adds and removes its own
     * @param onLookupStarted told of every call actually made
     */
    LookupScheduler(LeadLookup lookup, SharedGate gate, Semaphore slots, AtomicLong queuedGauge, Runnable onLookupStarted) {
        this.lookup = lookup;
        this.gate = gate;
        this.slots = slots;
        this.queuedGauge = queuedGauge;
        this.onLookupStarted = onLookupStarted;
    }

    /** The lead needs an answer: starts its lookup unless one is in flight or queued; queues it when no slot is free. */
    void request(String leadId, long nowMs) {
        if (inFlight.contains(leadId) || queued.contains(leadId)) {
            return;
        }
        if (!start(leadId, nowMs)) {
            queue.addLast(leadId);
            queued.add(leadId);
            queuedGauge.incrementAndGet();
        }
    }

    /** The lead's queued lookup is no longer needed (the leads table answered it); one in flight goes on. */
    void cancelQueued(String leadId) {
        if (queued.remove(leadId)) {
            queue.remove(leadId);
            queuedGauge.decrementAndGet();
        }
    }

    /** Starts queued leads, oldest first, while slots are free. */
    void startQueued(long nowMs) {
        while (!queue.isEmpty()) {
            String leadId = queue.peekFirst();
            if (!start(leadId, nowMs)) {
                return;
            }
            queue.pollFirst();
            queued.remove(leadId);
            queuedGauge.decrementAndGet();
        }
    }

    /** The next answer, or null; from then on the lead has no lookup in flight. */
    Completion poll() {
        return taken(completions.poll());
    }

    /** The next answer within {@code wait}, or null. */
    Completion poll(Duration wait) throws InterruptedException {
        return taken(completions.poll(wait.toNanos(), TimeUnit.NANOSECONDS));
    }

    /** Hands answers to {@code apply} while {@code stillFull} holds, waiting for them up to {@code slice} in all. */
    void drainWithin(Duration slice, BooleanSupplier stillFull, Consumer<Completion> apply) {
        long deadline = System.nanoTime() + slice.toNanos();
        while (stillFull.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            Completion c;
            try {
                c = poll(Duration.ofNanos(left));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            }
            if (c == null) {
                return;
            }
            apply.accept(c);
        }
    }

    private Completion taken(Completion completion) {
        if (completion != null) {
            inFlight.remove(completion.leadId());
        }
        return completion;
    }

    boolean inFlight(String leadId) {
        return inFlight.contains(leadId);
    }

    /** In flight or queued: a request for it now changes nothing. */
    boolean busy(String leadId) {
        return inFlight.contains(leadId) || queued.contains(leadId);
    }

    int queuedCount() {
        return queue.size();
    }

    /** The task is closing: answers still on the wire are dropped (its successor asks again from the pending store). */
    void close() {
        closed = true;
        completions.clear();
        queuedGauge.addAndGet(-queue.size());
        queue.clear();
        queued.clear();
    }

    /** Starts a lookup; false when every slot of the instance is taken. */
    private boolean start(String leadId, long nowMs) {
        GateState current = gate.current();
        if (current.isClosedAt(Instant.ofEpochMilli(nowMs))) {
            // A closed gate costs no call and no slot: the refusal goes through the completion path like any answer.
            inFlight.add(leadId);
            Outcome reason = current.reason() == null ? Outcome.RATE_LIMITED : current.reason();
            completions.add(new Completion(leadId, LookupResult.refused(reason, "quota gate closed", current.closedUntil())));
            return true;
        }
        if (!slots.tryAcquire()) {
            return false;
        }
        inFlight.add(leadId);
        onLookupStarted.run();
        CompletableFuture<LookupResult> future;
        try {
            future = lookup.lookup(leadId);
        } catch (RuntimeException portBroke) {
            future = CompletableFuture.completedFuture(
                    LookupResult.failure(Outcome.NETWORK, 0, null, "lookup failed: " + portBroke.getClass().getSimpleName()));
        }
        future.whenComplete((result, failure) -> {
            slots.release();
            if (closed) {
                return;
            }
            completions.add(new Completion(leadId, result != null ? result
                    : LookupResult.failure(Outcome.NETWORK, 0, null, "lookup failed: " + failure.getClass().getSimpleName())));
        });
        return true;
    }
}
