package io.rotor.enricher.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The leads the sandbox knows, generated deterministically from a seed: the same seed and size give the same
 * ids and the same data in every JVM ({@link Random}'s algorithm is specified).
 *
 * <p>The first ids are fixed so tests can rely on them: the reference page's example lead
 * ({@link #EXAMPLE_LEAD_ID}, with exactly the reference's data), then a lead whose every field but {@code id}
 * is JSON {@code null}, then a lead that carries nothing but its {@code id}. The rest look like a CRM's
 * leads: names, emails, phones, addresses, stages, tags and sources, with a few nulls and absent fields.
 */
public final class LeadCatalog {
    /** The id of the example lead on Rotor's reference page. */
    public static final String EXAMPLE_LEAD_ID = "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e";

    /** The 24 lead fields in the reference page's order. */
    public static final List<String> FIELDS = List.of(
            "id", "archived", "archived_at", "assigned_to", "created_at", "email", "follow_up_date",
            "lead_source", "location", "name", "notes", "phone", "priority", "projected_value",
            "property_city", "property_country", "property_state", "property_street1", "property_street2",
            "property_zip", "service_type", "stage", "tags", "value_score");

    /** Rotor's timestamp form: always three fraction digits and {@code Z}. */
    static final DateTimeFormatter ROTOR_INSTANT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final String[] FIRST_NAMES = {
        "Olivia", "Liam", "Emma", "Noah", "Ava", "Elijah", "Sophia", "James", "Isabella", "Lucas", "Mia",
        "Mateo", "Amelia", "Benjamin", "Harper", "Theodore", "Evelyn", "Henry", "Camila", "Jack", "Priya",
        "Wei", "Fatima", "Diego", "Aisha", "Kenji", "Zoe", "Omar", "Chloe", "Rafael", "Nora", "Samuel",
        "Léa", "Björn", "Siobhan", "José"
    };
    private static final String[] LAST_NAMES = {
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
        "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Lee",
        "Nguyen", "Patel", "Kim", "Chen", "O'Brien", "Schmidt", "Müller", "Kowalski", "Haddad", "Okafor"
    };
    private static final String[] EMAIL_DOMAINS = {
        "gmail.com", "yahoo.com", "outlook.com", "icloud.com", "hotmail.com", "proton.me", "example.com"
    };
    private static final String[] REPS = {
        "alex.morgan@rotor-demo.com", "jordan.lee@rotor-demo.com", "sam.rivera@rotor-demo.com",
        "casey.kim@rotor-demo.com", "taylor.brooks@rotor-demo.com"
    };
    private static final String[] SOURCES = {
        "website", "referral", "google_ads", "facebook", "door_knocking", "trade_show", "phone", "yelp"
    };
    private static final String[] SERVICES = {
        "Roof replacement", "Roof repair", "Solar installation", "HVAC repair", "HVAC installation",
        "Gutter cleaning", "Window replacement", "Siding", "Kitchen remodel", "Bathroom remodel"
    };
    private static final String[] STAGES = {
        "new", "contacted", "qualified", "appointment_set", "proposal_sent", "negotiation", "won", "lost"
    };
    private static final String[] TAGS = {
        "residential", "commercial", "referral", "vip", "follow-up", "storm-damage", "financing",
        "insurance-claim", "repeat-customer", "hot"
    };
    private static final String[] PRIORITIES = {"low", "medium", "high"};
    private static final String[] STREETS = {
        "Main St", "Oak Ave", "Maple Dr", "Cedar Ln", "Pine St", "Elm St", "Washington Blvd", "Lakeview Rd",
        "Sunset Blvd", "Hillcrest Dr", "Park Ave", "River Rd"
    };
    private static final String[] NOTES = {
        "Called back, wants a quote before the end of the month.",
        "Prefers email. Interested in financing options.",
        "Hail damage after last week's storm; insurance adjuster visiting Tuesday.",
        "Referred by a neighbour who had work done last year.",
        "Asked for a second opinion on the existing estimate.",
        "Left voicemail twice, no answer yet.",
        "Wants the work done before the HOA inspection."
    };

    /** City, state, zip prefix, country, latitude, longitude. */
    private record Place(String city, String state, String zipPrefix, String country, double lat, double lon) {
    }

    private static final Place[] PLACES = {
        new Place("Austin", "TX", "787", "US", 30.2672, -97.7431),
        new Place("Denver", "CO", "802", "US", 39.7392, -104.9903),
        new Place("Phoenix", "AZ", "850", "US", 33.4484, -112.0740),
        new Place("Tampa", "FL", "336", "US", 27.9506, -82.4572),
        new Place("Charlotte", "NC", "282", "US", 35.2271, -80.8431),
        new Place("Columbus", "OH", "432", "US", 39.9612, -82.9988),
        new Place("Sacramento", "CA", "958", "US", 38.5816, -121.4944),
        new Place("Nashville", "TN", "372", "US", 36.1627, -86.7816),
        new Place("Portland", "OR", "972", "US", 45.5152, -122.6784),
        new Place("Toronto", "ON", "M5V", "CA", 43.6532, -79.3832),
    };

    /** What {@code GET /leads} filters and sorts on, so listing needs no parsed lead trees. */
    record Listing(String id, String createdAt, boolean archived, String stage, Set<String> tags, String searchText) {
    }

    private final long seed;
    private final List<String> ids;
    private final Map<String, Integer> indexById;
    /** Rendered success bodies, made on first request: a benchmark's catalog may hold 100k leads. */
    private final AtomicReferenceArray<byte[]> bodies;
    private volatile List<Listing> newestFirst;
    /** Leads created while the sandbox runs ({@link #create}): rendered at creation, newest first. */
    private final Map<String, byte[]> createdBodies = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile List<Listing> created = List.of();
    private final Random createdIds;

    private LeadCatalog(long seed, List<String> ids) {
        this.seed = seed;
        this.ids = List.copyOf(ids);
        Map<String, Integer> index = new HashMap<>(ids.size() * 2);
        for (int i = 0; i < ids.size(); i++) {
            index.put(ids.get(i), i);
        }
        this.indexById = Collections.unmodifiableMap(index);
        this.bodies = new AtomicReferenceArray<>(ids.size());
        this.createdIds = new Random(seed ^ 0x510E527FADE682D1L);
    }

    /**
     * {@code size} leads (at least 1: the reference example) generated from {@code seed}. Ids are drawn at
     * once; each lead's data comes from its own generator seeded by the catalog seed and its position, so it
     * does not depend on which leads were asked for first.
     */
    public static LeadCatalog generate(long seed, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a catalog holds at least the reference example lead");
        }
        Random random = new Random(seed);
        Set<String> ids = new LinkedHashSet<>(size * 2);
        ids.add(EXAMPLE_LEAD_ID);
        while (ids.size() < size) {
            ids.add(uuid(random));
        }
        return new LeadCatalog(seed, new ArrayList<>(ids));
    }

    /** The seeded leads' ids, in catalog order (the fixed ones first); leads created later are {@link #createdIds()}. */
    public List<String> ids() {
        return ids;
    }

    /** The seeded leads; leads created later are not counted. */
    public int size() {
        return ids.size();
    }

    public boolean contains(String id) {
        return indexById.containsKey(id) || createdBodies.containsKey(id);
    }

    /**
     * A new lead, as a CRM user creating one would: not archived, {@code created_at} = {@code createdAt}, answering by
     * id from now on and listed by {@code GET /leads} at its place by creation date (the top, for the current time).
     * Its id and data follow from the seed and the number of leads created before it. Returns its id.
     */
    public synchronized String create(java.time.Instant createdAt) {
        String id;
        do {
            id = uuid(createdIds);
        } while (contains(id));
        return create(id, createdAt);
    }

    /**
     * The same with a given id: a lead that did not exist when an event named it (its lookup answered NOT_FOUND) and
     * is created afterwards. Returns {@code id}.
     *
     * @throws IllegalArgumentException when the catalog has the id already
     */
    public synchronized String create(String id, java.time.Instant createdAt) {
        if (contains(id)) {
            throw new IllegalArgumentException("the catalog has lead " + id + " already");
        }
        int n = ids.size() + created.size();
        ObjectNode lead = generatedLead(id, new Random(seed * 0x9E3779B97F4A7C15L + n));
        lead.put("created_at", instant(createdAt.toEpochMilli()));
        lead.put("archived", false);
        lead.putNull("archived_at");
        createdBodies.put(id, render(successEnvelope(lead)));
        List<Listing> next = new ArrayList<>(created.size() + 1);
        next.addAll(created);
        next.add(listing(lead));
        next.sort(Comparator.comparing(Listing::createdAt, Comparator.reverseOrder()));
        created = List.copyOf(next);
        return id;
    }

    /** Ids of the leads {@link #create}d so far, newest first. */
    public List<String> createdIds() {
        return created.stream().map(Listing::id).toList();
    }

    /** The lead's {@code data} object as the sandbox serves it. */
    public Optional<ObjectNode> lead(String id) {
        byte[] body = successBody(id);
        if (body == null) {
            return Optional.empty();
        }
        try {
            return Optional.of((ObjectNode) MAPPER.readTree(body).get("data"));
        } catch (IOException e) {
            throw new UncheckedIOException("the catalog's own body does not parse", e);
        }
    }

    /** The full 200 body for a known id: {@code {"data": {...}, "status": "success"}}; null if unknown. */
    byte[] successBody(String id) {
        Integer index = indexById.get(id);
        if (index == null) {
            return createdBodies.get(id);
        }
        byte[] body = bodies.get(index);
        if (body == null) {
            // Two threads may render the same lead at once; both get identical bytes.
            body = render(successEnvelope(leadAt(index)));
            bodies.compareAndSet(index, null, body);
        }
        return body;
    }

    /** Every lead, the created ones included, as {@code GET /leads} lists them: newest first, undated last. */
    List<Listing> listed() {
        List<Listing> made = created;
        List<Listing> seeded = newestFirst();
        if (made.isEmpty()) {
            return seeded;
        }
        List<Listing> all = new ArrayList<>(made.size() + seeded.size());
        int i = 0;
        int j = 0;
        while (i < made.size() || j < seeded.size()) {
            boolean takeMade = j >= seeded.size() || (i < made.size()
                    && (seeded.get(j).createdAt() == null || made.get(i).createdAt().compareTo(seeded.get(j).createdAt()) >= 0));
            all.add(takeMade ? made.get(i++) : seeded.get(j++));
        }
        return all;
    }

    /** The seeded leads as {@code GET /leads} lists them: newest {@code created_at} first, leads without one last. */
    List<Listing> newestFirst() {
        List<Listing> listed = newestFirst;
        if (listed == null) {
            synchronized (this) {
                listed = newestFirst;
                if (listed == null) {
                    List<Listing> all = new ArrayList<>(ids.size());
                    for (int i = 0; i < ids.size(); i++) {
                        all.add(listing(leadAt(i)));
                    }
                    // The fixed-width ISO form sorts lexically.
                    all.sort(Comparator.comparing(Listing::createdAt, Comparator.nullsLast(Comparator.reverseOrder())));
                    listed = List.copyOf(all);
                    newestFirst = listed;
                }
            }
        }
        return listed;
    }

    private ObjectNode leadAt(int index) {
        String id = ids.get(index);
        return switch (index) {
            case 0 -> exampleLead();
            case 1 -> allNullLead(id);
            case 2 -> {
                ObjectNode idOnly = JSON.objectNode();
                idOnly.put("id", id);
                yield idOnly;
            }
            default -> generatedLead(id, new Random(seed * 0x9E3779B97F4A7C15L + index));
        };
    }

    private static Listing listing(ObjectNode lead) {
        Set<String> tags = new LinkedHashSet<>();
        JsonNode tagArray = lead.get("tags");
        if (tagArray != null && tagArray.isArray()) {
            tagArray.forEach(t -> tags.add(t.asText()));
        }
        StringBuilder search = new StringBuilder();
        for (String field : List.of("name", "email", "phone")) {
            String value = textOrNull(lead.get(field));
            if (value != null) {
                search.append(value.toLowerCase(Locale.ROOT)).append('\n');
            }
        }
        return new Listing(lead.get("id").asText(), textOrNull(lead.get("created_at")),
                lead.path("archived").asBoolean(false), textOrNull(lead.get("stage")), Set.copyOf(tags),
                search.toString());
    }

    static String textOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    static ObjectNode successEnvelope(JsonNode lead) {
        ObjectNode envelope = JSON.objectNode();
        envelope.set("data", lead);
        envelope.put("status", "success");
        return envelope;
    }

    static byte[] render(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot render a JSON tree", e);
        }
    }

    /** The reference page's example, field for field. */
    private static ObjectNode exampleLead() {
        ObjectNode lead = JSON.objectNode();
        lead.put("id", EXAMPLE_LEAD_ID);
        lead.put("archived", true);
        lead.put("archived_at", "2019-12-27T18:11:19.117Z");
        lead.put("assigned_to", "assigned_to");
        lead.put("created_at", "2019-12-27T18:11:19.117Z");
        lead.put("email", "dev@stainless.com");
        lead.put("follow_up_date", "2019-12-27T18:11:19.117Z");
        lead.put("lead_source", "lead_source");
        lead.putArray("location").add(0);
        lead.put("name", "name");
        lead.put("notes", "notes");
        lead.put("phone", "phone");
        lead.put("priority", "low");
        lead.put("projected_value", 0);
        lead.put("property_city", "property_city");
        lead.put("property_country", "property_country");
        lead.put("property_state", "property_state");
        lead.put("property_street1", "property_street1");
        lead.put("property_street2", "property_street2");
        lead.put("property_zip", "property_zip");
        lead.put("service_type", "service_type");
        lead.put("stage", "stage");
        lead.putArray("tags").add("string");
        lead.put("value_score", 0);
        return lead;
    }

    private static ObjectNode allNullLead(String id) {
        ObjectNode lead = JSON.objectNode();
        lead.put("id", id);
        for (String field : FIELDS.subList(1, FIELDS.size())) {
            lead.putNull(field);
        }
        return lead;
    }

    private static ObjectNode generatedLead(String id, Random r) {
        String first = pick(r, FIRST_NAMES);
        String last = pick(r, LAST_NAMES);
        Place place = pick(r, PLACES);
        // 2019-01-01 .. 2026-06-30, to the millisecond
        long createdMs = 1_546_300_800_000L + (long) (r.nextDouble() * 236_736_000_000L);
        boolean archived = r.nextInt(100) < 15;

        Map<String, JsonNode> values = new LinkedHashMap<>();
        values.put("id", JSON.textNode(id));
        values.put("archived", JSON.booleanNode(archived));
        values.put("archived_at", archived
                ? JSON.textNode(instant(createdMs + days(r, 1, 400)))
                : JSON.nullNode());
        values.put("assigned_to", JSON.textNode(pick(r, REPS)));
        values.put("created_at", JSON.textNode(instant(createdMs)));
        values.put("email", JSON.textNode(emailLocalPart(first, last, r) + "@" + pick(r, EMAIL_DOMAINS)));
        values.put("follow_up_date", JSON.textNode(instant(createdMs + days(r, 1, 60))));
        values.put("lead_source", JSON.textNode(pick(r, SOURCES)));
        ArrayNode location = JSON.arrayNode();
        location.add(round(place.lat() + (r.nextDouble() - 0.5) * 0.2, 6));
        location.add(round(place.lon() + (r.nextDouble() - 0.5) * 0.2, 6));
        values.put("location", location);
        values.put("name", JSON.textNode(first + " " + last));
        values.put("notes", JSON.textNode(pick(r, NOTES)));
        values.put("phone", JSON.textNode(phone(place, r)));
        values.put("priority", JSON.textNode(pick(r, PRIORITIES)));
        values.put("projected_value", r.nextBoolean()
                ? JSON.numberNode(500L * (1 + r.nextInt(120)))
                : JSON.numberNode(round(1_000 + r.nextDouble() * 59_000, 2)));
        values.put("property_city", JSON.textNode(place.city()));
        values.put("property_country", JSON.textNode(place.country()));
        values.put("property_state", JSON.textNode(place.state()));
        values.put("property_street1", JSON.textNode((10 + r.nextInt(9_990)) + " " + pick(r, STREETS)));
        values.put("property_street2", r.nextInt(4) == 0 ? JSON.textNode("Unit " + (1 + r.nextInt(40))) : JSON.nullNode());
        values.put("property_zip", JSON.textNode(zip(place, r)));
        values.put("service_type", JSON.textNode(pick(r, SERVICES)));
        values.put("stage", JSON.textNode(archived ? (r.nextBoolean() ? "won" : "lost") : pick(r, STAGES)));
        values.put("tags", tags(r));
        values.put("value_score", r.nextInt(5) == 0
                ? JSON.numberNode(r.nextInt(101))
                : JSON.numberNode(round(r.nextDouble() * 100, 1)));

        ObjectNode lead = JSON.objectNode();
        values.forEach((field, value) -> {
            if (field.equals("id")) {
                lead.set(field, value);
                return;
            }
            // Real data is patchy: about 1 in 12 fields is null and 1 in 20 is absent.
            int roll = r.nextInt(60);
            if (roll < 5) {
                lead.putNull(field);
            } else if (roll >= 57) {
                return;
            } else {
                lead.set(field, value);
            }
        });
        return lead;
    }

    private static ArrayNode tags(Random r) {
        Set<String> chosen = new LinkedHashSet<>();
        int count = r.nextInt(4);
        for (int i = 0; i < count; i++) {
            chosen.add(pick(r, TAGS));
        }
        ArrayNode tags = JSON.arrayNode();
        chosen.forEach(tags::add);
        return tags;
    }

    private static String emailLocalPart(String first, String last, Random r) {
        String base = switch (r.nextInt(3)) {
            case 0 -> first + "." + last;
            case 1 -> first.charAt(0) + last;
            default -> first + last.charAt(0) + (10 + r.nextInt(90));
        };
        return java.text.Normalizer.normalize(base, java.text.Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "")
                .replaceAll("[^A-Za-z0-9.]", "")
                .toLowerCase(Locale.ROOT);
    }

    private static String phone(Place place, Random r) {
        // 555-01xx numbers are reserved for fiction in North America.
        String area = switch (place.state()) {
            case "TX" -> "512";
            case "CO" -> "303";
            case "AZ" -> "602";
            case "FL" -> "813";
            case "NC" -> "704";
            case "OH" -> "614";
            case "CA" -> "916";
            case "TN" -> "615";
            case "OR" -> "503";
            default -> "416";
        };
        return String.format(java.util.Locale.ROOT, "+1 (%s) 555-01%02d", area, r.nextInt(100));
    }

    private static String zip(Place place, Random r) {
        if (place.country().equals("CA")) {
            return place.zipPrefix() + " " + (1 + r.nextInt(9)) + (char) ('A' + r.nextInt(26)) + r.nextInt(10);
        }
        return place.zipPrefix() + String.format(java.util.Locale.ROOT, "%02d", r.nextInt(100));
    }

    private static String uuid(Random r) {
        long msb = (r.nextLong() & ~0xF000L) | 0x4000L;          // version 4
        long lsb = (r.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | Long.MIN_VALUE; // IETF variant
        return new UUID(msb, lsb).toString();
    }

    private static long days(Random r, int min, int max) {
        return (min + r.nextInt(max - min + 1)) * 86_400_000L + r.nextInt(86_400_000);
    }

    private static String instant(long epochMs) {
        return ROTOR_INSTANT.format(Instant.ofEpochMilli(epochMs));
    }

    private static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }

    private static <T> T pick(Random r, T[] values) {
        return values[r.nextInt(values.length)];
    }
}
