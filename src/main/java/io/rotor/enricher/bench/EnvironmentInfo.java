package io.rotor.enricher.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Where the figures were measured: they mean little without the core count, the JVM and the settings.
 *
 * @param host      the machine's host name
 * @param cpuModel  the CPU model from /proc/cpuinfo, or "unknown"
 * @param cores     available processors as the JVM sees them
 * @param jvm       vendor, VM name and runtime version
 * @param os        OS name, version and architecture
 * @param maxHeapMiB the JVM's maximum heap
 * @param kafka     the Kafka client/Streams version
 * @param loadAverage the system load average over the last minute when captured (-1 where unavailable): on a
 *                  shared machine it says how much of the cores the bench actually had
 * @param settings  the processing settings every app in the run shares (guarantee, commit interval, ...)
 */
public record EnvironmentInfo(
        String host,
        String cpuModel,
        int cores,
        String jvm,
        String os,
        long maxHeapMiB,
        String kafka,
        double loadAverage,
        Map<String, String> settings) {

    public EnvironmentInfo {
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings)); // keeps the given order
    }

    /** Captures this JVM's environment; {@code settings} are the shared processing settings. */
    public static EnvironmentInfo capture(Map<String, String> settings) {
        Runtime rt = Runtime.getRuntime();
        return new EnvironmentInfo(
                hostName(),
                readCpuModel().orElse("unknown"),
                rt.availableProcessors(),
                System.getProperty("java.vendor") + " " + System.getProperty("java.vm.name") + " "
                        + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax() / (1024 * 1024),
                kafkaVersion(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                new LinkedHashMap<>(settings));
    }

    /** Read from the resource kafka-clients ships, to stay off its internal classes. */
    private static String kafkaVersion() {
        try (var in = EnvironmentInfo.class.getResourceAsStream("/kafka/kafka-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static Optional<String> readCpuModel() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(cpuinfo)) {
            return Optional.empty();
        }
        try (var lines = Files.lines(cpuinfo)) {
            return lines.filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
