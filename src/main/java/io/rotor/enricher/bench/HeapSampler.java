package io.rotor.enricher.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Samples the JVM's used heap every 100 ms and keeps the peak. */
public final class HeapSampler implements AutoCloseable {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private final AtomicLong peak = new AtomicLong();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-heap-sampler");
        t.setDaemon(true);
        return t;
    });

    public HeapSampler() {
        sample();
        timer.scheduleAtFixedRate(this::sample, 100, 100, TimeUnit.MILLISECONDS);
    }

    private void sample() {
        long used = MEMORY.getHeapMemoryUsage().getUsed();
        peak.accumulateAndGet(used, Math::max);
    }

    public long peakBytes() {
        return peak.get();
    }

    /**
     * Heap still in use after a full collection: what the app retains, without the garbage between collections.
     * Only the bench calls this, between measurements.
     */
    public static long retainedAfterGc() {
        System.gc();
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
