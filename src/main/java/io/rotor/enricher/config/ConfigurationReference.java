package io.rotor.enricher.config;

import io.rotor.enricher.config.Setting.Group;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The generated parts of the documentation: the settings tables of docs/CONFIGURATION.md and the list of names in
 * the README, both from {@link Settings}. A test compares them with the files, so the docs cannot go stale.
 */
public final class ConfigurationReference {
    public static final String BEGIN = "<!-- generated from io.rotor.enricher.config.Settings: begin; "
            + "mvn test -Dtest=ConfigurationReferenceTest -Dconfig.docs.update=true rewrites it -->";
    public static final String END = "<!-- generated: end -->";

    private static final Map<Group, String> TITLES = Map.of(
            Group.SERVICE, "The service",
            Group.ROTOR, "The Rotor client, its quota gate and breaker",
            Group.TOPOLOGY, "The topology: topics, lead ids, lookups, cache, retry",
            Group.CATALOG, "The lead catalog: the leads table");

    private ConfigurationReference() {
    }

    /** The reference tables, one per group, each row with type and range, default, meaning and the rules. */
    public static String tables() {
        StringBuilder md = new StringBuilder();
        for (Group group : Group.values()) {
            md.append("### ").append(TITLES.get(group)).append("\n\n");
            md.append("| setting | accepts | default | meaning |\n|---|---|---|---|\n");
            for (Setting<?> s : Settings.inGroup(group)) {
                md.append("| `").append(s.name()).append("` | ").append(cell(s.type().accepts()))
                        .append(" | ").append(s.defaultValue().isEmpty() ? "(none)" : "`" + s.defaultValue() + "`")
                        .append(" | ").append(cell(meaning(s))).append(" |\n");
            }
            md.append('\n');
        }
        return md.toString();
    }

    /** The README's list: every setting name, by group, linked to the reference. */
    public static String names() {
        StringBuilder md = new StringBuilder();
        for (Group group : Group.values()) {
            md.append("- ").append(TITLES.get(group)).append(": ")
                    .append(Settings.inGroup(group).stream().map(s -> "`" + s.name() + "`").collect(Collectors.joining(", ")))
                    .append('\n');
        }
        md.append("- pass-through: `").append(Settings.KAFKA_PREFIX).append("<NAME>` (Kafka Streams and client properties), `")
                .append(Settings.SCHEMA_REGISTRY_PREFIX).append("<NAME>` (serde properties)\n");
        return md.toString();
    }

    /** Replaces the text between the markers of {@code document} with {@code generated}. */
    public static String splice(String document, String generated) {
        int begin = document.indexOf(BEGIN);
        int end = document.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("the document has no generated block (" + BEGIN + " ... " + END + ")");
        }
        return document.substring(0, begin + BEGIN.length()) + "\n" + generated + document.substring(end);
    }

    private static String meaning(Setting<?> s) {
        StringBuilder text = new StringBuilder(capitalise(s.doc())).append('.');
        if (!s.details().isEmpty()) {
            text.append(' ').append(s.details());
        }
        List<CrossCheck> rules = Settings.checksOf(s);
        if (!rules.isEmpty()) {
            text.append(" Rules: ").append(rules.stream().map(CrossCheck::doc).distinct().collect(Collectors.joining("; ")))
                    .append('.');
        }
        if (s.secret()) {
            text.append(" Secret: `--print-config` and error messages never show it.");
        }
        return text.toString();
    }

    private static String capitalise(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /** Escapes what Markdown would read as table syntax or HTML; code spans stay literal. */
    private static String cell(String text) {
        String[] parts = text.replace("|", "\\|").replace("\n", " ").split("`", -1);
        for (int i = 0; i < parts.length; i += 2) {
            parts[i] = parts[i].replace("<", "&lt;");
        }
        return String.join("`", parts);
    }
}
