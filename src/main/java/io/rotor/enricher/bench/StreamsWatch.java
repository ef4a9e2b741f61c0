package io.rotor.enricher.bench;

import io.rotor.enricher.service.ServiceSeams;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;

/**
 * Watches one KafkaStreams instance: when it first reached RUNNING, how often it left RUNNING afterwards (a
 * rebalance; under exactly-once a fenced producer also shows up as one, since Streams rejoins the group to
 * recover its tasks), and stream-thread failures. A baseline's stream threads are replaced, not left dead, so a
 * failure is counted and the measurement goes on; the service's own policy replaces its threads.
 */
public final class StreamsWatch
        implements KafkaStreams.StateListener, StreamsUncaughtExceptionHandler, ServiceSeams.StreamsObserver {
    private final AtomicInteger rebalancesAfterRunning = new AtomicInteger();
    private final AtomicInteger threadFailures = new AtomicInteger();
    private volatile boolean reachedRunning;
    private volatile KafkaStreams.State state = KafkaStreams.State.CREATED;
    private volatile String lastFailure = "";

    public static StreamsWatch attach(KafkaStreams streams) {
        StreamsWatch watch = new StreamsWatch();
        streams.setStateListener(watch);
        streams.setUncaughtExceptionHandler(watch);
        return watch;
    }

    @Override
    public synchronized void onChange(KafkaStreams.State newState, KafkaStreams.State oldState) {
        state = newState;
        if (newState == KafkaStreams.State.RUNNING) {
            reachedRunning = true;
        } else if (reachedRunning && oldState == KafkaStreams.State.RUNNING && newState == KafkaStreams.State.REBALANCING) {
            rebalancesAfterRunning.incrementAndGet();
        }
        notifyAll();
    }

    @Override
    public StreamThreadExceptionResponse handle(Throwable exception) {
        onThreadFailure(exception);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    /** As the service's observer: the service's state listener calls this. */
    @Override
    public void onStateChange(KafkaStreams.State newState, KafkaStreams.State oldState) {
        onChange(newState, oldState);
    }

    /** As the service's observer: its own thread-replacement policy still decides what happens to the thread. */
    @Override
    public void onThreadFailure(Throwable exception) {
        threadFailures.incrementAndGet();
        lastFailure = exception.getClass().getSimpleName() + ": " + exception.getMessage();
    }

    public synchronized void awaitRunning(Duration timeout) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (state != KafkaStreams.State.RUNNING) {
            if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING) {
                throw new IllegalStateException("streams stopped in state " + state + " " + lastFailure);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("streams not RUNNING after " + timeout.toSeconds() + " s (state " + state + ")");
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** Resets the counters: what happened while starting up is not what a scenario measures. */
    public void resetCounters() {
        rebalancesAfterRunning.set(0);
        threadFailures.set(0);
    }

    public int rebalancesAfterRunning() {
        return rebalancesAfterRunning.get();
    }

    public int threadFailures() {
        return threadFailures.get();
    }

    public String lastFailure() {
        return lastFailure;
    }
}
