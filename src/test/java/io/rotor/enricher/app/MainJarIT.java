package io.rotor.enricher.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar starts and answers as documented (failsafe passes its path as {@code enricher.jar}). */
class MainJarIT {
    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {
    }

    private Result java(Map<String, String> env, String... args) throws IOException, InterruptedException {
        Path jar = Paths.get(System.getProperty("enricher.jar", "target/rotor-lead-enricher.jar"));
        assertThat(jar).exists();
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("ROTOR_") || name.startsWith("ENRICHER_")
                || name.startsWith("KAFKA_") || name.startsWith("SCHEMA_REGISTRY_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exited within 60s").isTrue();
        } finally {
            process.destroyForcibly();
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void helpFromThePackagedJar() throws Exception {
        Result r = java(Map.of(), "--help");

        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: rotor-lead-enricher", "run", "check", "sandbox",
                "Exit codes: 0 ok, 1 runtime failure, 2 usage or configuration error.");
    }

    @Test
    void versionComesFromTheManifest() throws Exception {
        Result r = java(Map.of(), "--version");

        assertThat(r.code()).isZero();
        assertThat(r.out().strip()).matches("rotor-lead-enricher \\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void aConfigurationErrorExitsTwo() throws Exception {
        Result r = java(Map.of("ROTOR_API_KEY", "rk_it_JARSECRET"), "run", "--set", "ENRICHER_MAX_IN_FLIGHT=0");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("ENRICHER_MAX_IN_FLIGHT: must be 1..10000, was 0").doesNotContain("JARSECRET");
    }
}
