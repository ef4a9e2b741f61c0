package io.rotor.enricher.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.rotor.enricher.avro.Lead;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.avro.util.ClassSecurityValidator;
import org.junit.jupiter.api.Test;

/**
 * The shipped code makes Avro 1.12 trust the generated package by itself. The child-JVM cases run with no
 * {@code org.apache.avro.SERIALIZABLE_PACKAGES} and nothing test-only, as {@code java -jar} would.
 */
class AvroTrustTest {

    @Test
    void avroAloneRefusesTheGeneratedClassSoTheGuardIsReal() throws Exception {
        assertThat(runProbe("plain-avro")).isEqualTo("start=null outcome=refused property=null");
    }

    @Test
    void theValueSerdeWorksInAFreshJvmWithoutAnySetting() throws Exception {
        assertThat(runProbe("serde"))
                .isEqualTo("start=null outcome=read:probe property=" + AvroTrust.GENERATED_PACKAGE);
    }

    @Test
    void theSerdeStillWorksWhenAvroReadThePropertyBeforeIt() throws Exception {
        assertThat(runProbe("avro-first")).startsWith("start=null outcome=read:probe");
    }

    @Test
    void appendsToAnExistingListAndIsIdempotent() {
        String before = System.getProperty(AvroTrust.SERIALIZABLE_PACKAGES_PROPERTY);
        ClassSecurityValidator.ClassSecurityPredicate global = ClassSecurityValidator.getGlobal();
        try {
            System.setProperty(AvroTrust.SERIALIZABLE_PACKAGES_PROPERTY, "com.example.events");
            ClassSecurityValidator.setGlobal(ClassSecurityValidator.DEFAULT_TRUSTED_CLASSES);

            AvroTrust.ensureTrusted();
            AvroTrust.ensureTrusted();

            assertThat(System.getProperty(AvroTrust.SERIALIZABLE_PACKAGES_PROPERTY))
                    .isEqualTo("com.example.events," + AvroTrust.GENERATED_PACKAGE);
            assertThat(ClassSecurityValidator.getGlobal().isTrusted(Lead.class)).isTrue();
            assertThat(ClassSecurityValidator.getGlobal().isTrusted(String.class)).isTrue();
            assertThat(ClassSecurityValidator.getGlobal().isTrusted(AvroTrustTest.class)).isFalse();
        } finally {
            ClassSecurityValidator.setGlobal(global);
            if (before == null) {
                System.clearProperty(AvroTrust.SERIALIZABLE_PACKAGES_PROPERTY);
            } else {
                System.setProperty(AvroTrust.SERIALIZABLE_PACKAGES_PROPERTY, before);
            }
        }
    }

    private static String runProbe(String mode) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                AvroTrustProbe.class.getName(), mode))
                .redirectErrorStream(true)
                .start();
        try {
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(output).isZero();
            return output.lines().filter(line -> line.startsWith("start=")).findFirst().orElse(output);
        } finally {
            process.destroyForcibly();
        }
    }
}
