/**
 * The CloudEvents JMS binding of Tidings ({@link io.tidings.bridge.jms.CloudEventsJmsBinding}), shared by the JMS
 * bridge and by Jakarta EE applications that take part in the bus over JMS (tidings-cdi). The bridge itself is
 * configured through Configuration Admin and has no API.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.tidings.bridge.jms;
