package io.rotor.enricher.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchRunnerTest {
    private static final FigureSpec BASE = FigureSpec.info("base.value", "base", "value", "x");
    private static final FigureSpec RATIO = FigureSpec.info("ratio.value", "ratio", "value ÷ base", "x");

    /** Measures 1, 2, 3, ... in its successive calls, or fails in the calls listed. */
    private static final class Counting implements BenchScenario {
        private final FigureSpec spec;
        private final List<Integer> failingCalls;
        final List<Double> seenBases = new ArrayList<>();
        int calls;

        Counting(FigureSpec spec, List<Integer> failingCalls) {
            this.spec = spec;
            this.failingCalls = failingCalls;
        }

        @Override
        public String name() {
            return spec.scenario();
        }

        @Override
        public List<FigureSpec> figures() {
            return List.of(spec);
        }

        @Override
        public Map<String, Double> runOnce(Map<String, Double> thisRun, Progress progress) {
            calls++;
            if (thisRun.containsKey(BASE.id())) {
                seenBases.add(thisRun.get(BASE.id()));
            }
            if (failingCalls.contains(calls)) {
                throw new IllegalStateException("call " + calls + " failed");
            }
            return Map.of(spec.id(), (double) calls);
        }
    }

    @Test
    void warmUpRunsAreMeasuredLikeTheOthersButNotCounted() {
        Counting base = new Counting(BASE, List.of());
        Counting ratio = new Counting(RATIO, List.of());
        List<FigureResult> results = new BenchRunner(List.of(base, ratio), 2, 3, Progress.silent()).run();

        assertThat(base.calls).isEqualTo(5);
        assertThat(ratio.calls).isEqualTo(5);
        assertThat(results).extracting(FigureResult::values).containsExactly(List.of(3.0, 4.0, 5.0), List.of(3.0, 4.0, 5.0));
        // A warm-up run's scenarios still see that run's baseline, so a ratio can be measured in it too.
        assertThat(ratio.seenBases).containsExactly(1.0, 2.0, 3.0, 4.0, 5.0);
    }

    @Test
    void aFailedWarmUpIsNotAFailedRun() {
        Counting base = new Counting(BASE, List.of(1));
        List<FigureResult> results = new BenchRunner(List.of(base), 1, 2, Progress.silent()).run();

        assertThat(results.get(0).values()).containsExactly(2.0, 3.0);
        assertThat(results.get(0).note()).isEmpty();
    }

    @Test
    void warmUpRunsCannotBeNegative() {
        assertThatThrownBy(() -> new BenchRunner(List.of(new Counting(BASE, List.of())), -1, 3, Progress.silent()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
