package io.rotor.enricher.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Deterministic stream of demo events: known leads drawn Zipf-like (a few hot leads take most events, as in real
 * CRM traffic, which is what makes the cache pay off), some unknown ids, and some malformed events. The same seed
 * gives the same stream.
 */
public final class EventGenerator {
    /** Zipf exponent: about a third of the events go to the hottest 5 % of leads at 100 leads. */
    static final double ZIPF_EXPONENT = 1.1;
    private static final String[] EVENT_TYPES = {"lead.viewed", "lead.viewed", "lead.viewed", "lead.contacted", "lead.updated"};
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> knownIds;
    private final List<String> unknownIds;
    private final EventMix mix;
    private final SplittableRandom random;
    private final double[] zipfCdf;

    /**
     * @param knownIds ids the sandbox catalog knows, hottest first
     * @param mix      shares of the event kinds
     * @param seed     seeds every choice
     */
    public EventGenerator(List<String> knownIds, EventMix mix, long seed) {
        if (knownIds.isEmpty()) {
            throw new IllegalArgumentException("the generator needs at least one known lead id");
        }
        this.knownIds = List.copyOf(knownIds);
        this.mix = Objects.requireNonNull(mix, "mix");
        this.random = new SplittableRandom(seed);
        this.zipfCdf = zipfCdf(this.knownIds.size(), ZIPF_EXPONENT);
        // A small pool of unknown ids, so repeated unknowns exercise the negative cache like real stale ids do.
        int pool = Math.max(3, this.knownIds.size() / 10);
        List<String> unknown = new ArrayList<>(pool);
        for (int i = 0; i < pool; i++) {
            unknown.add(new UUID(random.nextLong(), random.nextLong()).toString());
        }
        this.unknownIds = List.copyOf(unknown);
    }

    public List<String> unknownIds() {
        return unknownIds;
    }

    public GeneratedEvent next() {
        double roll = random.nextDouble();
        double edge = mix.unknown();
        if (roll < edge) {
            return valid(GeneratedEvent.Kind.UNKNOWN, unknownIds.get(random.nextInt(unknownIds.size())));
        }
        if (roll < (edge += mix.notJson())) {
            return new GeneratedEvent(GeneratedEvent.Kind.NOT_JSON, null, null,
                    utf8("lead_id=" + hotLead() + "; not json"));
        }
        if (roll < (edge += mix.noId())) {
            ObjectNode node = JSON.createObjectNode().put("type", eventType()).put("lead", hotLead());
            return new GeneratedEvent(GeneratedEvent.Kind.NO_ID, null, null, utf8(node.toString()));
        }
        if (roll < (edge += mix.numericId())) {
            ObjectNode node = JSON.createObjectNode().put("lead_id", random.nextInt(1, 1_000_000)).put("type", eventType());
            return new GeneratedEvent(GeneratedEvent.Kind.NUMERIC_ID, null, null, utf8(node.toString()));
        }
        if (roll < (edge += mix.dotDot())) {
            ObjectNode node = JSON.createObjectNode().put("lead_id", "..").put("type", eventType());
            return new GeneratedEvent(GeneratedEvent.Kind.DOT_DOT, null, null, utf8(node.toString()));
        }
        return valid(GeneratedEvent.Kind.KNOWN, hotLead());
    }

    private GeneratedEvent valid(GeneratedEvent.Kind kind, String leadId) {
        ObjectNode node = JSON.createObjectNode().put("lead_id", leadId).put("type", eventType());
        return new GeneratedEvent(kind, leadId, utf8(leadId), utf8(node.toString()));
    }

    private String hotLead() {
        double u = random.nextDouble();
        int lo = 0;
        int hi = zipfCdf.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (zipfCdf[mid] < u) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return knownIds.get(lo);
    }

    private String eventType() {
        return EVENT_TYPES[random.nextInt(EVENT_TYPES.length)];
    }

    static double[] zipfCdf(int n, double exponent) {
        double[] cdf = new double[n];
        double sum = 0;
        for (int k = 1; k <= n; k++) {
            sum += 1 / Math.pow(k, exponent);
            cdf[k - 1] = sum;
        }
        for (int i = 0; i < n; i++) {
            cdf[i] /= sum;
        }
        cdf[n - 1] = 1.0;
        return cdf;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
