package io.rotor.enricher.testkit;

import io.rotor.enricher.demo.EmbeddedKafka;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real broker ({@link EmbeddedKafka}) in a child JVM, so a test can freeze the broker's process with SIGSTOP and
 * thaw it with SIGCONT, as a long GC pause or a stalled VM would, while the service keeps running in the test's JVM.
 */
public final class ChildBroker implements AutoCloseable {
    private static final String READY = "CHILD-BROKER-READY ";

    private final Process process;
    private final Path output;
    private final String bootstrapServers;

    private ChildBroker(Process process, Path output, String bootstrapServers) {
        this.process = process;
        this.output = output;
        this.bootstrapServers = bootstrapServers;
    }

    /** Starts the child and waits until its broker accepts clients. */
    public static ChildBroker start() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path output = Files.createTempFile("child-broker-", ".log");
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx512m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), ChildBroker.class.getName()));
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        Process process = builder.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            Optional<String> ready = Files.readAllLines(output, StandardCharsets.UTF_8).stream()
                    .filter(l -> l.startsWith(READY)).findFirst();
            if (ready.isPresent()) {
                return new ChildBroker(process, output, ready.get().substring(READY.length()).strip());
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        throw new IllegalStateException("the child broker did not start; its output:\n" + Files.readString(output));
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** SIGSTOP: the broker stops answering at once, its sockets stay open, as in a stalled VM. */
    public void freeze() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT: the broker carries on where it stopped. */
    public void thaw() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    public String output() throws IOException {
        return Files.readString(output, StandardCharsets.UTF_8);
    }

    /** SIGCONT (a stopped process ignores SIGTERM until continued), then SIGTERM: the child deletes its data. */
    @Override
    public void close() throws IOException, InterruptedException {
        if (process.isAlive()) {
            thaw();
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        Files.deleteIfExists(output);
    }

    /** The child: a broker until SIGTERM, which a shutdown hook turns into a clean stop that deletes its data. */
    public static void main(String[] args) throws InterruptedException {
        EmbeddedKafka kafka = EmbeddedKafka.started();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.close();
            stopped.countDown();
        }, "child-broker-stop"));
        System.out.println(READY + kafka.bootstrapServers());
        System.out.flush();
        stopped.await();
    }
}
