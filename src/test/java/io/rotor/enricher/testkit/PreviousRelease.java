package io.rotor.enricher.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The previous release's packaged jar, for the upgrade test: built from the commit named in
 * {@code upgrade/previous-release.properties} (git archive of that commit, then {@code mvn package -DskipTests}),
 * once, and cached as {@code target/previous-release/<commit>.jar}.
 */
public final class PreviousRelease {
    private static final Path CACHE = Path.of("target", "previous-release");
    private static final long BUILD_TIMEOUT_MINUTES = 10;

    private PreviousRelease() {
    }

    public static String commit() {
        return properties().getProperty("commit");
    }

    public static String name() {
        return properties().getProperty("name");
    }

    /** The jar, building it first when it is not cached yet. */
    public static synchronized Path jar() throws IOException, InterruptedException {
        String commit = commit();
        Path jar = CACHE.resolve(commit + ".jar").toAbsolutePath();
        if (Files.isRegularFile(jar)) {
            return jar;
        }
        Path source = CACHE.resolve(commit).toAbsolutePath();
        deleteRecursively(source);
        Files.createDirectories(source);
        Path log = CACHE.resolve(commit + "-build.log").toAbsolutePath();
        run(List.of("sh", "-c", "git archive --format=tar " + commit + " | tar -x -C '" + source + "'"), Path.of("."), log);
        run(List.of(maven(), "-B", "-q", "package", "-DskipTests"), source, log);
        Path built = source.resolve("target/rotor-lead-enricher.jar");
        if (!Files.isRegularFile(built)) {
            throw new IllegalStateException("building " + commit + " made no target/rotor-lead-enricher.jar; see " + log);
        }
        Files.copy(built, jar, StandardCopyOption.REPLACE_EXISTING);
        deleteRecursively(source);
        return jar;
    }

    private static void run(List<String> command, Path dir, Path log) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!p.waitFor(BUILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish in " + BUILD_TIMEOUT_MINUTES
                    + " minutes; see " + log);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + p.exitValue() + " (a shallow clone lacks"
                    + " the previous release's commit: fetch it); see " + log + ":\n" + tail(log));
        }
    }

    /** Maven as failsafe was started by (maven.home, passed by pom.xml), else the one on the PATH. */
    private static String maven() {
        String home = System.getProperty("maven.home");
        if (home != null && !home.isBlank() && Files.isExecutable(Path.of(home, "bin", "mvn"))) {
            return Path.of(home, "bin", "mvn").toString();
        }
        return "mvn";
    }

    private static Properties properties() {
        try (InputStream in = PreviousRelease.class.getResourceAsStream("/upgrade/previous-release.properties")) {
            Properties p = new Properties();
            p.load(in);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(Path log) throws IOException {
        String text = Files.readString(log);
        return text.length() <= 3000 ? text : text.substring(text.length() - 3000);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
