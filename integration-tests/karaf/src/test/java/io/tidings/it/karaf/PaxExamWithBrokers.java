package io.tidings.it.karaf;

import org.junit.runner.notification.Failure;
import org.junit.runner.notification.RunNotifier;
import org.junit.runners.model.InitializationError;
import org.ops4j.pax.exam.junit.PaxExam;

/**
 * Pax Exam's runner, stopping the {@link Brokers} once the class has run. Pax Exam's driver runs no
 * {@code @AfterClass} (its class block only runs the children), and the brokers should not outlive the class into the
 * next Karaf's boot. Inside Karaf, Pax Exam runs the test methods with its own runner, not this one.
 */
public final class PaxExamWithBrokers extends PaxExam {

    public PaxExamWithBrokers(Class<?> testClass) throws InitializationError {
        super(testClass);
    }

    @Override
    public void run(RunNotifier notifier) {
        try {
            super.run(notifier);
        } finally {
            try {
                Brokers.stop();
            } catch (Exception e) {
                notifier.fireTestFailure(new Failure(getDescription(), e));
            }
        }
    }
}
