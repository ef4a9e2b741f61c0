package io.rotor.enricher.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The metric names of a Prometheus scrape, and those the rules and dashboard under {@code ops/} use. */
final class OpsMetricNames {
    /**
     * A metric name in PromQL: a service prefix, not part of a recording rule's name (which has colons), not a label
     * name (followed by {@code =}).
     */
    private static final Pattern USED = Pattern.compile("(?<![\\w:])((?:enricher|rotor|kafka|jvm|process|system)_[a-z0-9_]+)(?![\\w:]|\\s*=)");

    private OpsMetricNames() {
    }

    static Set<String> scrapedNames(String scrape) {
        Set<String> names = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int end = 0;
            while (end < line.length() && (Character.isLetterOrDigit(line.charAt(end)) || line.charAt(end) == '_' || line.charAt(end) == ':')) {
                end++;
            }
            names.add(line.substring(0, end));
        }
        return names;
    }

    /** Every metric name in the rule and dashboard files under {@code dir}; the rules' unit tests are not read. */
    static Set<String> usedInOps(Path dir) {
        Set<String> used = new TreeSet<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile)
                    .filter(f -> f.toString().endsWith(".json") || f.toString().endsWith(".yml"))
                    .filter(f -> !f.getFileName().toString().endsWith("-test.yml")).toList()) {
                Matcher m = USED.matcher(Files.readString(file));
                while (m.find()) {
                    used.add(m.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return used;
    }
}
