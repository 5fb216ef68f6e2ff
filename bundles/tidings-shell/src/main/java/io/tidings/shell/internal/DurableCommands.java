package io.tidings.shell.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.tidings.api.DeadLetterStatus;
import io.tidings.api.DurableSubscriptions;
import io.tidings.api.EventPosition;

/**
 * The durable commands, {@code tidings:durable}, {@code subscriptions}, {@code replay} and {@code dlq}, against the
 * {@link DurableSubscriptions} service, which may come and go.
 *
 * <p>Listings without the service print {@link #NO_DURABLE_SUBSCRIPTIONS} as their output, as {@code topics} does
 * without BusStatus; actions that could not be done throw, so that a script sees the failure. Bad input is an
 * {@code IllegalArgumentException} naming the argument, checked before the service is called. Thread-safe: the
 * service is read once per command.
 */
final class DurableCommands {

    /** What the commands say when there is no DurableSubscriptions service. */
    static final String NO_DURABLE_SUBSCRIPTIONS = "No io.tidings.api.DurableSubscriptions service: tidings-core is"
            + " not started or has no durable store, so durable topics and subscriptions cannot be used";

    /** Dead letters listed by default. */
    static final int DEFAULT_MAX = 20;

    /** Dead letters listed at most, as every one is held in memory and printed. */
    static final int MAX_MAX = 1000;

    /** How long {@code dlq --republish} waits for the event to be stored, by default. */
    static final Duration REPUBLISH_TIMEOUT = Duration.ofSeconds(30);

    private final Supplier<DurableSubscriptions> service;
    private final DurableTables tables;
    private final Duration republishTimeout;

    /**
     * @param service the current service, or {@code null} when there is none
     * @param tables the tables
     * @param republishTimeout how long a republish is waited for
     */
    DurableCommands(Supplier<DurableSubscriptions> service, DurableTables tables, Duration republishTimeout) {
        this.service = service;
        this.tables = tables;
        this.republishTimeout = republishTimeout;
    }

    /** @return the durable topics table */
    String durableTopics() {
        DurableSubscriptions durable = service.get();
        return durable == null ? NO_DURABLE_SUBSCRIPTIONS : tables.durableTopics(durable.durableTopics());
    }

    /** @return the subscriptions table */
    String subscriptions() {
        DurableSubscriptions durable = service.get();
        return durable == null ? NO_DURABLE_SUBSCRIPTIONS : tables.subscriptions(durable.subscriptions());
    }

    /**
     * @param from an offset or an ISO-8601 instant
     * @return one line saying where delivery restarts
     * @throws IllegalArgumentException for a bad argument, or a durable topic the service does not know
     * @throws IllegalStateException without the service
     */
    String replay(String subscription, String topic, String from) {
        String name = Arguments.name("subscription", subscription);
        String durableTopic = Arguments.name("durable-topic", topic);
        ReplayStart start = ReplayStart.parse(from);
        DurableSubscriptions durable = require();
        long restart;
        try {
            restart = start.replay(durable, name, durableTopic);
        } catch (IllegalArgumentException e) {
            throw oneLine(e);
        }
        String line = "Subscription " + name + " replays " + durableTopic + " from offset " + restart;
        if (start.time() != null) {
            return line + ", the first event stored at or after " + start.time();
        }
        return restart == start.offset() ? line : line + " (offset " + start.offset() + " is not stored)";
    }

    /**
     * {@code tidings:dlq}: lists dead letters, or republishes one.
     *
     * @param from the first dead-letter offset, or blank for 0
     * @param max at most this many, or blank for {@link #DEFAULT_MAX}
     * @param republish the offset of the dead letter to republish, or blank to list
     * @return the dead letters, or where the republished one was stored
     */
    String dlq(String subscription, String from, String max, String republish) {
        if (isBlank(republish)) {
            return deadLetters(subscription, from, max);
        }
        if (!isBlank(from) || !isBlank(max)) {
            throw new IllegalArgumentException("--republish: republishes one dead letter, so it takes no --from or"
                    + " --max");
        }
        return republish(subscription, republish);
    }

    /**
     * @param from the first dead-letter offset, or blank for 0
     * @param max at most this many, or blank for {@link #DEFAULT_MAX}
     * @return the dead letters table, or one line if there are none
     * @throws IllegalArgumentException for a bad argument
     */
    String deadLetters(String subscription, String from, String max) {
        String name = Arguments.name("subscription", subscription);
        long fromOffset = isBlank(from) ? 0 : Arguments.offset("--from", from);
        int count = isBlank(max) ? DEFAULT_MAX : Arguments.count("--max", max, 1, MAX_MAX);
        DurableSubscriptions durable = service.get();
        if (durable == null) {
            return NO_DURABLE_SUBSCRIPTIONS;
        }
        List<DeadLetterStatus> deadLetters;
        try {
            deadLetters = durable.deadLetters(name, fromOffset, count);
        } catch (IllegalArgumentException e) {
            throw oneLine(e);
        }
        if (deadLetters.isEmpty()) {
            return "No dead letters for subscription " + name + (fromOffset > 0 ? " from offset " + fromOffset : "");
        }
        String table = tables.deadLetters(deadLetters);
        if (deadLetters.size() < count) {
            return table;
        }
        long next = deadLetters.get(deadLetters.size() - 1).offset() + 1;
        return table + "\nMore may follow: tidings:dlq --from " + next + " " + name;
    }

    /**
     * Republishes one dead letter and waits, at most the republish timeout, until it is stored.
     *
     * @param offset the dead letter's offset
     * @return one line saying where the event was stored
     * @throws IllegalArgumentException for a bad argument, or no dead letter at that offset
     * @throws IllegalStateException without the service, if storing failed, or did not finish in time
     */
    String republish(String subscription, String offset) {
        String name = Arguments.name("subscription", subscription);
        long deadLetter = Arguments.offset("--republish", offset);
        DurableSubscriptions durable = require();
        CompletionStage<EventPosition> stored;
        try {
            stored = durable.republish(name, deadLetter);
        } catch (IllegalArgumentException e) {
            throw oneLine(e);
        }
        String what = "dead letter " + deadLetter + " of subscription " + name;
        EventPosition position = await(stored, what);
        if (position == null) {
            throw new IllegalStateException("Republishing " + what + " completed without a position");
        }
        if (position.offset() < 0) {
            return "Republished " + what + " on " + position.topic() + "; not stored, as that topic is no longer"
                    + " durable";
        }
        return "Republished " + what + " to " + position.topic() + " at offset " + position.offset();
    }

    private EventPosition await(CompletionStage<EventPosition> stored, String what) {
        // Not toCompletableFuture(): a CompletionStage may refuse it.
        CompletableFuture<EventPosition> done = new CompletableFuture<>();
        stored.whenComplete((position, failure) -> {
            if (failure == null) {
                done.complete(position);
            } else {
                done.completeExceptionally(failure);
            }
        });
        try {
            return done.get(republishTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Republishing " + what + ": not stored within "
                    + seconds(republishTimeout) + "; it may still be, see tidings:subscriptions");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Republishing " + what + ": interrupted while waiting for it to be"
                    + " stored; it may still be");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            throw new IllegalStateException(
                    "Republishing " + what + " failed: " + Table.printable(String.valueOf(cause)), cause);
        }
    }

    private DurableSubscriptions require() {
        DurableSubscriptions durable = service.get();
        if (durable == null) {
            throw new IllegalStateException(NO_DURABLE_SUBSCRIPTIONS);
        }
        return durable;
    }

    private static IllegalArgumentException oneLine(IllegalArgumentException e) {
        return new IllegalArgumentException(Table.printable(String.valueOf(e.getMessage())), e);
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
