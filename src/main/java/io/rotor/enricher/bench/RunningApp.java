package io.rotor.enricher.bench;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;

/** A KafkaStreams instance a measurement started, with its watch; closing it also wipes its local state. */
public final class RunningApp implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaStreams streams;
    private final StreamsWatch watch;

    private RunningApp(KafkaStreams streams, StreamsWatch watch) {
        this.streams = streams;
        this.watch = watch;
    }

    /** Starts the app and waits until it is RUNNING. */
    public static RunningApp start(Topology topology, Properties props) throws TimeoutException, InterruptedException {
        KafkaStreams streams = new KafkaStreams(topology, props);
        StreamsWatch watch = StreamsWatch.attach(streams);
        RunningApp app = new RunningApp(streams, watch);
        try {
            streams.start();
            watch.awaitRunning(START_TIMEOUT);
        } catch (TimeoutException | InterruptedException | RuntimeException e) {
            app.close();
            throw e;
        }
        return app;
    }

    public KafkaStreams streams() {
        return streams;
    }

    public StreamsWatch watch() {
        return watch;
    }

    @Override
    public void close() {
        streams.close(new KafkaStreams.CloseOptions().timeout(CLOSE_TIMEOUT));
        streams.cleanUp();
    }
}
