package io.tidings.benchmarks.pattern;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Cost per event of finding the matching rules of a tidings-json {@code PatternSet} of 1, 100 and 10,000 rules
 * ({@link PatternRules}), including what every event pays once whatever the rules: building its {@code EventView} and
 * parsing its 1 KB of data. {@link ParseOnly} is that fixed part alone. The work runs in a {@link PatternWorkload}
 * loaded by {@link WorkloadLoader}; the call through {@code Supplier} is monomorphic and inlined.
 *
 * <p>Run: {@code java -cp benchmarks/target/tidings-benchmarks.jar org.openjdk.jmh.Main Pattern}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
public class PatternMatchBenchmark {

    @Param({"1", "100", "10000"})
    public int rules;

    @Param({"exact-prefix", "mixed", "numeric-only"})
    public String variant;

    private Supplier<Object> workload;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        workload = WorkloadLoader.workload(variant, rules);
    }

    @Benchmark
    public Object match() {
        return workload.get();
    }

    /** The fixed part: view and data parse of each event, with one pattern that reads the data. */
    @State(Scope.Thread)
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @Fork(1)
    public static class ParseOnly {

        private Supplier<Object> workload;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            workload = WorkloadLoader.workload("parse-only", 0);
        }

        @Benchmark
        public Object parseOnly() {
            return workload.get();
        }
    }
}
