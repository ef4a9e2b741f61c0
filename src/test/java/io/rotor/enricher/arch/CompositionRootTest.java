package io.rotor.enricher.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code run}, the demo, the bench and the real-broker tests start the service through one assembly
 * ({@code service.EnricherService}): what it builds is built nowhere else in the main sources. The bench's
 * baselines are other topologies and start their own Kafka Streams.
 */
class CompositionRootTest {
    private static final Path MAIN = Path.of("src/main/java/io/rotor/enricher");

    @ParameterizedTest
    @ValueSource(strings = {"new RotorClient(", "EnricherTopology.build(", "new KafkaStreams(topology, streamsProperties("})
    void isBuiltOnceInTheService(String construction) {
        assertThat(filesContaining(construction))
                .containsExactly(MAIN.resolve("service/EnricherService.java"));
    }

    @Test
    void theOnlyOtherKafkaStreamsIsTheBenchBaselines() {
        assertThat(filesContaining("new KafkaStreams("))
                .containsExactlyInAnyOrder(MAIN.resolve("service/EnricherService.java"), MAIN.resolve("bench/RunningApp.java"));
        assertThat(filesContaining("RunningApp.start(")).containsExactly(MAIN.resolve("bench/AppRun.java"));
    }

    @Test
    void topicsOfTheServiceAreCreatedByOneProvisioner() {
        assertThat(filesContaining("TopicSpecs.all(")).containsExactly(MAIN.resolve("service/TopicProvisioner.java"));
    }

    private static List<Path> filesContaining(String text) {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> codeOf(p).contains(text))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file without comments, so a Javadoc mention does not count as a construction. */
    private static String codeOf(Path file) {
        try {
            return Files.readString(file).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
