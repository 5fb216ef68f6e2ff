package io.tidings.benchmarks;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one configuration in a JVM of its own, as JMH forks do: each Event Admin then starts from a cold JIT and an
 * empty heap instead of inheriting the profile pollution and garbage of the configurations measured before it.
 * The child gets the parent's JVM options and arguments and hands its report back as a JSON file.
 */
final class ForkedWorker {

    static final String FLAG = "--worker";
    private static final long TIMEOUT_MINUTES = 30;

    private ForkedWorker() {
    }

    static ConfigurationReport run(Implementation implementation, String[] args) throws Exception {
        Path report = Files.createTempFile("tidings-bench-" + implementation.id() + "-", ".json");
        try {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(EventAdminBenchmark.class.getName());
            command.add(FLAG);
            command.add(implementation.id());
            command.add(report.toString());
            command.addAll(List.of(args));
            Process process = new ProcessBuilder(command).inheritIO().start();
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return ConfigurationReport.failed(implementation, "worker JVM still running after "
                        + TIMEOUT_MINUTES + " minutes; killed");
            }
            if (process.exitValue() != 0 || Files.size(report) == 0) {
                return ConfigurationReport.failed(implementation,
                        "worker JVM exited with " + process.exitValue() + " without a report");
            }
            return JsonFiles.read(report, ConfigurationReport.class);
        } finally {
            Files.deleteIfExists(report);
        }
    }

    /** The child's side: {@code --worker <configuration> <report file> [arguments]}. */
    static void main(String[] args) throws Exception {
        Implementation implementation = Implementation.byId(args[1]);
        Path report = Path.of(args[2]);
        String[] rest = List.of(args).subList(3, args.length).toArray(String[]::new);
        JsonFiles.write(report, ConfigurationRun.run(implementation, BenchmarkOptions.from(rest)));
    }
}
