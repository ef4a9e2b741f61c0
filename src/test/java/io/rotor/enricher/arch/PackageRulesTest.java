package io.rotor.enricher.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The package structure ARCHITECTURE.md describes, checked on the main classes. */
class PackageRulesTest {
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.rotor.enricher");
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.rotor.enricher.(**)").should().beFreeOfCycles().check(main);
    }

    /** A nested type is always written with its outer class (TopologySettings.Builder), so only these clash. */
    @Test
    void noTwoTopLevelClassesShareASimpleNameAndNoNestedTypeShadowsOne() {
        Map<String, List<String>> topLevel = main.stream()
                .filter(JavaClass::isTopLevelClass)
                .collect(Collectors.groupingBy(JavaClass::getSimpleName,
                        Collectors.mapping(JavaClass::getName, Collectors.toList())));
        assertThat(topLevel.values().stream().filter(names -> names.size() > 1).toList())
                .as("top-level simple names used by more than one class")
                .isEmpty();
        assertThat(main.stream()
                .filter(c -> c.isNestedClass() && !c.isAnonymousClass() && !c.isLocalClass())
                .filter(c -> topLevel.containsKey(c.getSimpleName()))
                .map(JavaClass::getName)
                .toList())
                .as("nested types named like a top-level class")
                .isEmpty();
    }

    /** Single-flight, the in-flight limit and QUEUED order are tested with plain calls: no Streams type inside. */
    @Test
    void theLookupSchedulerKnowsNoKafkaStreamsType() {
        noClasses().that().haveFullyQualifiedName("io.rotor.enricher.topology.LookupScheduler")
                .or().haveNameMatching("io\\.rotor\\.enricher\\.topology\\.LookupScheduler\\$.*")
                .should().dependOnClassesThat().resideInAPackage("org.apache.kafka.streams..")
                .check(main);
    }

    @Test
    void noClassOfTheTopologyPackageIsOverlong() {
        assertThat(main.stream()
                .filter(c -> c.getPackageName().equals("io.rotor.enricher.topology") && c.isTopLevelClass())
                .filter(c -> c.getSource().isPresent())
                .map(JavaClass::getName)
                .filter(name -> sourceLines(name) > 250)
                .toList())
                .as("topology classes over 250 source lines")
                .isEmpty();
    }

    private static long sourceLines(String className) {
        java.nio.file.Path file = java.nio.file.Path.of("src/main/java", className.replace('.', '/') + ".java");
        try (var lines = java.nio.file.Files.lines(file)) {
            return lines.count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void everyCommandLivesInTheAppPackage() {
        noClasses().that().resideOutsideOfPackage("io.rotor.enricher.app")
                .should().beAnnotatedWith(picocli.CommandLine.Command.class)
                .check(main);
    }

    @Test
    void onlyTheAppPackageDependsOnTheCommandLine() {
        noClasses().that().resideOutsideOfPackage("io.rotor.enricher.app")
                .should().dependOnClassesThat().resideInAPackage("picocli..")
                .check(main);
    }
}
