package io.tidings.benchmarks;

/** A scenario could not produce a valid measurement (lost, late or duplicate deliveries); the run goes on. */
final class ScenarioFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ScenarioFailedException(String message) {
        super(message);
    }
}
