package io.rotor.enricher.rotor;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tells an answer about one lead from a fault of the key, URL or proxy: an unexpected status is a key fault only
 * once it has been seen for ROTOR_KEY_FAULT_LEADS distinct leads within the window (ROTOR_AUTH_BACKOFF). One id a
 * firewall rejects must not close every instance's gate at each of its retries. Thread-safe: answers complete on
 * the HTTP client's threads.
 */
final class KeyFaultDetector {
    private final int distinctLeads;
    private final Duration window;
    /** Per status, the leads that got it and when they last did, oldest first. */
    private final Map<Integer, LinkedHashMap<String, Instant>> seen = new HashMap<>();
    /** The status last found to be a key fault: the probe after the gate's back-off needs no new count. */
    private Integer confirmed;

    KeyFaultDetector(int distinctLeads, Duration window) {
        if (distinctLeads < 1) {
            throw new IllegalArgumentException("distinctLeads must be at least 1, was " + distinctLeads);
        }
        this.distinctLeads = distinctLeads;
        this.window = window;
    }

    /** Records that {@code leadId} got {@code status}; true when that makes it a key fault. */
    synchronized boolean isKeyFault(int status, String leadId, Instant now) {
        if (confirmed != null && confirmed == status) {
            return true;
        }
        LinkedHashMap<String, Instant> leads = seen.computeIfAbsent(status, s -> new LinkedHashMap<>());
        leads.remove(leadId);
        leads.put(leadId, now);
        Instant horizon = now.minus(window);
        for (Iterator<Instant> it = leads.values().iterator(); it.hasNext(); ) {
            if (!it.next().isAfter(horizon)) {
                it.remove();
            } else {
                break; // insertion order is time order: the rest are newer
            }
        }
        if (leads.size() >= distinctLeads) {
            // The gate now closes; until Rotor answers as documented again, the same status closes it at once.
            leads.clear();
            confirmed = status;
            return true;
        }
        return false;
    }

    /** Rotor answered a lookup as documented (found or not found): whatever was wrong in between is fixed. */
    synchronized void answeredAsDocumented() {
        confirmed = null;
        seen.clear();
    }
}
