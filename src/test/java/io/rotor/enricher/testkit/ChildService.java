package io.rotor.enricher.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged service as a child process ({@code java -jar target/rotor-lead-enricher.jar run}), configured
 * through environment variables, its stdout and stderr captured to a file so a test can search them.
 */
public final class ChildService implements AutoCloseable {
    /** Set by failsafe (pom.xml) to the shaded jar. */
    public static final String JAR_PROPERTY = "enricher.jar";

    private final Process process;
    private final Path output;

    private ChildService(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    public static Path jar() {
        String jar = System.getProperty(JAR_PROPERTY);
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("system property " + JAR_PROPERTY + " must name the packaged jar (run through mvn verify); was " + jar);
        }
        return Path.of(jar);
    }

    /** Starts {@code java -jar <jar> run} with {@code env} added to this JVM's environment; output appends to {@code output}. */
    public static ChildService start(Map<String, String> env, Path output) throws IOException {
        return start(jar(), env, output);
    }

    /** Starts {@code java -jar <jar> run} of another build of the service (the upgrade test's previous release). */
    public static ChildService start(Path jar, Map<String, String> env, Path output) throws IOException {
        return command(jar, env, output, List.of("run"));
    }

    /** Starts {@code java -jar <jar> <args>}: another command of this build (e.g. {@code replay}). */
    public static ChildService command(Map<String, String> env, Path output, String... args) throws IOException {
        return command(jar(), env, output, List.of(args));
    }

    private static ChildService command(Path jar, Map<String, String> env, Path output, List<String> args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "-Xmx512m", "-XX:+UseSerialGC", "-jar", jar.toString()));
        cmd.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(cmd);
        builder.environment().putAll(env);
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        return new ChildService(builder.start(), output);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or committed. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, waiting up to {@code timeout} for a clean exit; SIGKILL after that. Returns the exit code. */
    public int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
        }
        return process.exitValue();
    }

    public String output() throws IOException {
        return Files.readString(output, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
