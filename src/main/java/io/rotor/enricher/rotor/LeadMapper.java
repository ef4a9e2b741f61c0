package io.rotor.enricher.rotor;

import com.fasterxml.jackson.databind.JsonNode;
import io.rotor.enricher.avro.Lead;
import io.rotor.enricher.avro.Priority;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps Rotor's lead JSON ({@code data} of GET /leads/{id}) to the Avro {@link Lead}. Never fails on a field:
 * a value the schema cannot hold leaves the field at its default and adds a short warning naming the field and
 * the raw value (the topology puts each into a {@code rotor.warning} header). Unknown fields are ignored.
 */
public final class LeadMapper {
    /** Raw values quoted in warnings are cut to this many characters. */
    public static final int MAX_RAW_CHARS = 200;

    /** ISO-8601 with an offset (Z, +02:00, +0200), fraction optional. */
    private static final DateTimeFormatter OFFSET_DATE_TIME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter();

    /** The mapped lead and the warnings produced on the way. */
    public record MappedLead(Lead lead, List<String> warnings) {
        public MappedLead {
            warnings = List.copyOf(warnings);
        }
    }

    /** Maps a lead object; callers check that {@code data} is a JSON object. */
    public MappedLead map(JsonNode data) {
        if (data == null || !data.isObject()) {
            throw new IllegalArgumentException("lead data must be a JSON object");
        }
        Fields f = new Fields(data);
        Lead lead = Lead.newBuilder()
                .setId(f.string("id"))
                .setArchived(f.bool("archived"))
                .setArchivedAt(f.instant("archived_at"))
                .setAssignedTo(f.string("assigned_to"))
                .setCreatedAt(f.instant("created_at"))
                .setEmail(f.string("email"))
                .setFollowUpDate(f.instant("follow_up_date"))
                .setLeadSource(f.string("lead_source"))
                .setLocation(f.numbers("location"))
                .setName(f.string("name"))
                .setNotes(f.string("notes"))
                .setPhone(f.string("phone"))
                .setPriority(f.priority("priority"))
                .setProjectedValue(f.number("projected_value"))
                .setPropertyCity(f.string("property_city"))
                .setPropertyCountry(f.string("property_country"))
                .setPropertyState(f.string("property_state"))
                .setPropertyStreet1(f.string("property_street1"))
                .setPropertyStreet2(f.string("property_street2"))
                .setPropertyZip(f.string("property_zip"))
                .setServiceType(f.string("service_type"))
                .setStage(f.string("stage"))
                .setTags(f.strings("tags"))
                .setValueScore(f.number("value_score"))
                .build();
        return new MappedLead(lead, f.warnings);
    }

    /** Parses an ISO-8601 instant; with no offset it is taken as UTC, a bare date as its start in UTC. */
    static Instant parseInstant(String text) {
        String t = text.trim();
        try {
            var parsed = OFFSET_DATE_TIME.parseBest(t, OffsetDateTime::from, LocalDateTime::from);
            Instant instant = parsed instanceof OffsetDateTime odt ? odt.toInstant()
                    : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
            return instant.truncatedTo(ChronoUnit.MILLIS);
        } catch (DateTimeParseException notDateTime) {
            return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
    }

    /** Whether {@code instant} is a whole number of epoch milliseconds a long can hold (Avro's timestamp-millis). */
    static boolean fitsEpochMillis(Instant instant) {
        try {
            instant.toEpochMilli();
            return true;
        } catch (ArithmeticException overflow) {
            return false;
        }
    }

    static String quote(JsonNode raw) {
        String text = raw.toString();
        return text.length() <= MAX_RAW_CHARS ? text : text.substring(0, MAX_RAW_CHARS) + "…";
    }

    private static final class Fields {
        private final JsonNode data;
        private final List<String> warnings = new ArrayList<>();

        Fields(JsonNode data) {
            this.data = data;
        }

        /** The field's node, or null when missing or JSON null. */
        private JsonNode present(String field) {
            JsonNode n = data.get(field);
            return n == null || n.isNull() ? null : n;
        }

        private void warn(String field, String problem, JsonNode raw) {
            warnings.add(field + ": " + problem + " " + quote(raw));
        }

        String string(String field) {
            JsonNode n = present(field);
            if (n == null) return null;
            if (n.isTextual()) return n.textValue();
            warn(field, "expected a string, got", n);
            return null;
        }

        Boolean bool(String field) {
            JsonNode n = present(field);
            if (n == null) return null;
            if (n.isBoolean()) return n.booleanValue();
            warn(field, "expected a boolean, got", n);
            return null;
        }

        Double number(String field) {
            JsonNode n = present(field);
            if (n == null) return null;
            Double d = finite(n);
            if (d == null) warn(field, "not a number", n);
            return d;
        }

        Instant instant(String field) {
            JsonNode n = present(field);
            if (n == null) return null;
            if (n.isTextual()) {
                Instant instant;
                try {
                    instant = parseInstant(n.textValue());
                } catch (DateTimeParseException e) {
                    warn(field, "not an ISO-8601 instant", n);
                    return null;
                }
                if (!fitsEpochMillis(instant)) {
                    // timestamp-millis holds a long of milliseconds: such an instant would fail every encoding.
                    warn(field, "an instant outside what epoch milliseconds can hold", n);
                    return null;
                }
                return instant;
            }
            warn(field, "expected an ISO-8601 string, got", n);
            return null;
        }

        Priority priority(String field) {
            JsonNode n = present(field);
            if (n == null) return null;
            if (n.isTextual()) {
                switch (n.textValue()) {
                    case "low": return Priority.low;
                    case "medium": return Priority.medium;
                    case "high": return Priority.high;
                    default: break;
                }
            }
            warn(field, "unsupported value", n);
            return Priority.unknown;
        }

        List<Double> numbers(String field) {
            JsonNode n = present(field);
            if (n == null) return null;
            if (n.isArray()) {
                List<Double> out = new ArrayList<>(n.size());
                for (JsonNode e : n) {
                    Double d = finite(e);
                    if (d == null) {
                        warn(field, "expected an array of numbers, got", n);
                        return null;
                    }
                    out.add(d);
                }
                return out;
            }
            warn(field, "expected an array of numbers, got", n);
            return null;
        }

        List<String> strings(String field) {
            JsonNode n = present(field);
            if (n == null) return null;
            if (n.isArray()) {
                List<String> out = new ArrayList<>(n.size());
                for (JsonNode e : n) {
                    if (!e.isTextual()) {
                        warn(field, "expected an array of strings, got", n);
                        return null;
                    }
                    out.add(e.textValue());
                }
                return out;
            }
            warn(field, "expected an array of strings, got", n);
            return null;
        }

        private static Double finite(JsonNode n) {
            if (!n.isNumber()) return null;
            double d = n.doubleValue();
            return Double.isFinite(d) ? d : null;
        }
    }
}
