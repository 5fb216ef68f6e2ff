/**
 * In-framework tests of the Kafka bridge: tidings-core, tidings-json and tidings-bridge-kafka in a Felix framework,
 * against a real single-node Kafka broker in a child JVM. Waits are bounded by deadlines, never sleeps.
 */
package io.tidings.it.kafka;
