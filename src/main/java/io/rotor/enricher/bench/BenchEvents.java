package io.rotor.enricher.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The events a measurement produces: one lead id per event. The key is an event id, not the lead id, so the
 * repartition by lead id does real work in the enricher and in both baselines alike.
 */
public final class BenchEvents {
    private final String name;
    private final List<String> leadIds;

    private BenchEvents(String name, List<String> leadIds) {
        this.name = name;
        this.leadIds = List.copyOf(leadIds);
    }

    /** Every event a distinct lead, in catalog order. */
    public static BenchEvents distinct(String name, List<String> leads, int count) {
        if (leads.size() < count) {
            throw new IllegalArgumentException(name + ": needs " + count + " distinct leads, the catalog has " + leads.size());
        }
        return new BenchEvents(name, leads.subList(0, count));
    }

    /** {@code count} events cycling over {@code leads} in a seeded shuffled order: every lead equally often. */
    public static BenchEvents uniform(String name, List<String> leads, int count, long seed) {
        List<String> order = new ArrayList<>(leads);
        java.util.Collections.shuffle(order, new Random(seed));
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(order.get(i % order.size()));
        }
        return new BenchEvents(name, ids);
    }

    /** {@code count} events drawn from {@code leads} by a seeded Zipf law (rank = position in {@code leads}). */
    public static BenchEvents zipf(String name, List<String> leads, int count, double exponent, long seed) {
        Zipf zipf = new Zipf(leads.size(), exponent);
        Random random = new Random(seed);
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(leads.get(zipf.sample(random)));
        }
        return new BenchEvents(name, ids);
    }

    public BenchEvents prefix(int count) {
        return new BenchEvents(name + "[0.." + count + ")", leadIds.subList(0, Math.min(count, leadIds.size())));
    }

    public String name() {
        return name;
    }

    public int size() {
        return leadIds.size();
    }

    public List<String> leadIds() {
        return leadIds;
    }

    public int distinctLeads() {
        Set<String> distinct = new HashSet<>(leadIds);
        return distinct.size();
    }

    public String key(int index) {
        return "evt-" + index;
    }

    /** The JSON event value; the enricher reads the lead id at /lead_id (its default pointer). */
    public byte[] value(int index) {
        return ("{\"lead_id\":\"" + leadIds.get(index) + "\",\"type\":\"lead.viewed\",\"seq\":" + index + "}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
