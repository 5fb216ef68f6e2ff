/**
 * The public API of Tidings, a durable event bus for OSGi.
 *
 * <p>Plain OSGi Event Admin producers and {@code EventHandler} consumers need nothing from this package: Tidings
 * is a drop-in {@code org.osgi.service.event.EventAdmin}. This package adds the durable event {@link
 * io.tidings.api.Envelope envelope}, the topic syntax shared by every part of the bus ({@link io.tidings.api.Topics}),
 * the service properties that opt a handler into Tidings features ({@link io.tidings.api.TidingsProperties}), and
 * the services Tidings implements ({@link io.tidings.api.BusStatus}, {@link io.tidings.api.EventPublisher}, {@link
 * io.tidings.api.DurableSubscriptions}, {@link io.tidings.api.EventSchemas}), the {@link io.tidings.api.Bridge}
 * whiteboard of the broker bridges, and two kinds of durable subscriber a bridge may be: {@link
 * io.tidings.api.FlushingEventHandler} (flushed before each commit) and {@link io.tidings.api.StoredEventHandler}
 * (handed stored events undecoded; since 1.3).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package io.tidings.api;
