package io.rotor.enricher.bench;

/** The throughput measurement both the passthrough baseline and the warm scenario make, so they compare alike. */
final class Throughput {
    private Throughput() {
    }

    /**
     * Runs {@code warmup} through the started app and waits for all of it, then produces {@code measured} and
     * waits for its output.
     *
     * @return events/s from the first send of {@code measured} to the arrival of its last output record
     */
    static double afterWarmup(AppRun run, BenchEvents warmup, BenchEvents measured, Progress progress) throws Exception {
        run.produce(warmup, progress);
        run.awaitOutput(warmup.size(), progress);
        return measure(run, measured, warmup.size(), progress);
    }

    /** Produces {@code events} and waits until the output holds {@code alreadyOut} + their count; events/s. */
    static double measure(AppRun run, BenchEvents events, long alreadyOut, Progress progress) throws Exception {
        long start = System.nanoTime();
        run.produce(events, progress);
        long end = run.awaitOutput(alreadyOut + events.size(), progress);
        return perSecond(events.size(), end - start);
    }

    static double perSecond(long count, long nanos) {
        return count * 1e9 / Math.max(1, nanos);
    }
}
