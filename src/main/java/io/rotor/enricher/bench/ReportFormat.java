package io.rotor.enricher.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders a {@link BenchReport} as the console/Markdown table, as JSON and as CSV. */
public final class ReportFormat {
    public static final String JSON_FILE = "bench-results.json";
    public static final String CSV_FILE = "bench-results.csv";

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String[] CSV_HEADER = {
        "scenario", "figure_id", "figure", "unit", "median", "min", "max", "runs", "values", "target", "verdict", "note"
    };

    private ReportFormat() {
    }

    /** The results as a Markdown table preceded by the environment; readable on a terminal as it is. */
    public static String table(BenchReport report) {
        StringBuilder out = new StringBuilder();
        EnvironmentInfo env = report.environment();
        out.append("Rotor lead enricher benchmark, ").append(WHEN.format(report.startedAt()))
                .append(" (").append(secondsBetween(report)).append(" s)\n");
        out.append("machine: ").append(env.host()).append(", ").append(env.cpuModel()).append(", ")
                .append(env.cores()).append(" cores, max heap ").append(env.maxHeapMiB()).append(" MiB, load average ")
                .append(String.format(Locale.ROOT, "%.1f", env.loadAverage())).append(" at the end\n");
        out.append("jvm: ").append(env.jvm()).append("; os: ").append(env.os()).append("; kafka ").append(env.kafka()).append('\n');
        out.append("settings: ").append(joinMap(env.settings())).append('\n');
        out.append("sizes: ").append(joinMap(report.sizes())).append('\n');
        out.append('\n');

        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"scenario", "figure", "median", "min", "max", "target", "verdict"});
        for (FigureResult f : report.figures()) {
            FigureSpec s = f.spec();
            String label = s.label() + " (" + s.unit() + ")";
            if (f.wasRun()) {
                Summary sum = f.summary();
                rows.add(new String[] {s.scenario(), label, number(sum.median()), number(sum.min()), number(sum.max()),
                    s.target().text(), f.verdict().label()});
            } else {
                rows.add(new String[] {s.scenario(), label, "-", "-", "-", s.target().text(), f.verdict().label()});
            }
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (int r = 0; r < rows.size(); r++) {
            appendRow(out, rows.get(r), widths);
            if (r == 0) {
                String[] rule = new String[widths.length];
                for (int i = 0; i < widths.length; i++) {
                    rule[i] = "-".repeat(widths[i]);
                }
                appendRow(out, rule, widths);
            }
        }
        boolean anyNote = false;
        for (FigureResult f : report.figures()) {
            if (!f.note().isEmpty()) {
                if (!anyNote) {
                    out.append("\nnotes:\n");
                    anyNote = true;
                }
                out.append("- ").append(f.spec().id()).append(": ").append(f.note()).append('\n');
            }
        }
        for (Map.Entry<String, String> note : report.notes().entrySet()) {
            if (!anyNote) {
                out.append("\nnotes:\n");
                anyNote = true;
            }
            out.append("- ").append(note.getKey()).append(": ").append(note.getValue()).append('\n');
        }
        return out.toString();
    }

    public static String json(BenchReport report) {
        ObjectNode root = JSON.createObjectNode();
        root.put("started_at", report.startedAt().toString());
        root.put("finished_at", report.finishedAt().toString());
        EnvironmentInfo env = report.environment();
        ObjectNode e = root.putObject("environment");
        e.put("host", env.host());
        e.put("cpu_model", env.cpuModel());
        e.put("cores", env.cores());
        e.put("jvm", env.jvm());
        e.put("os", env.os());
        e.put("max_heap_mib", env.maxHeapMiB());
        e.put("kafka", env.kafka());
        e.put("load_average_1m_at_end", env.loadAverage());
        ObjectNode settings = e.putObject("settings");
        env.settings().forEach(settings::put);
        ObjectNode sizes = root.putObject("sizes");
        report.sizes().forEach(sizes::put);
        ArrayNode figures = root.putArray("figures");
        for (FigureResult f : report.figures()) {
            ObjectNode n = figures.addObject();
            FigureSpec s = f.spec();
            n.put("id", s.id());
            n.put("scenario", s.scenario());
            n.put("figure", s.label());
            n.put("unit", s.unit());
            if (f.wasRun()) {
                n.put("median", f.summary().median());
                n.put("min", f.summary().min());
                n.put("max", f.summary().max());
                n.put("runs", f.summary().runs());
                ArrayNode values = n.putArray("values");
                f.values().forEach(values::add);
            } else {
                n.putNull("median");
                n.putNull("min");
                n.putNull("max");
                n.put("runs", 0);
                n.putArray("values");
            }
            n.put("target", s.target().text());
            n.put("verdict", f.verdict().name().toLowerCase(Locale.ROOT));
            n.put("note", f.note());
        }
        ObjectNode notes = root.putObject("notes");
        report.notes().forEach(notes::put);
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** RFC 4180 CSV, one row per figure; values of all runs joined with ';' in one column. */
    public static String csv(BenchReport report) {
        StringBuilder out = new StringBuilder();
        out.append(String.join(",", CSV_HEADER)).append("\r\n");
        for (FigureResult f : report.figures()) {
            FigureSpec s = f.spec();
            List<String> cells = new ArrayList<>();
            cells.add(s.scenario());
            cells.add(s.id());
            cells.add(s.label());
            cells.add(s.unit());
            if (f.wasRun()) {
                cells.add(plain(f.summary().median()));
                cells.add(plain(f.summary().min()));
                cells.add(plain(f.summary().max()));
                cells.add(Integer.toString(f.summary().runs()));
                List<String> values = new ArrayList<>();
                f.values().forEach(v -> values.add(plain(v)));
                cells.add(String.join(";", values));
            } else {
                cells.add("");
                cells.add("");
                cells.add("");
                cells.add("0");
                cells.add("");
            }
            cells.add(s.target().text());
            cells.add(f.verdict().name().toLowerCase(Locale.ROOT));
            cells.add(f.note());
            List<String> quoted = new ArrayList<>();
            cells.forEach(c -> quoted.add(csvCell(c)));
            out.append(String.join(",", quoted)).append("\r\n");
        }
        return out.toString();
    }

    /** Writes bench-results.json and bench-results.csv into {@code dir}; returns the two paths. */
    public static List<Path> write(BenchReport report, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path json = dir.resolve(JSON_FILE);
        Path csv = dir.resolve(CSV_FILE);
        Files.writeString(json, json(report), StandardCharsets.UTF_8);
        Files.writeString(csv, csv(report), StandardCharsets.UTF_8);
        return List.of(json, csv);
    }

    /** A human number: grouping, and fewer decimals the larger it is. */
    static String number(double v) {
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a == Math.rint(a) && a < 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** A machine number: no grouping, enough digits to round-trip a ratio. */
    static String plain(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.4f", v);
    }

    static String csvCell(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    private static void appendRow(StringBuilder out, String[] row, int[] widths) {
        out.append('|');
        for (int i = 0; i < row.length; i++) {
            out.append(' ').append(row[i]).append(" ".repeat(widths[i] - row[i].length())).append(" |");
        }
        out.append('\n');
    }

    private static String joinMap(Map<String, String> map) {
        List<String> parts = new ArrayList<>();
        map.forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(", ", parts);
    }

    private static long secondsBetween(BenchReport report) {
        return java.time.Duration.between(report.startedAt(), report.finishedAt()).toSeconds();
    }
}
