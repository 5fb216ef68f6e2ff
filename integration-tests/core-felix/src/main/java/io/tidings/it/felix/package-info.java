/**
 * In-framework tests of tidings-core as the Event Admin of an Apache Felix framework. Handlers are registered from
 * this test bundle's own context, as a client of the bus would; waits are bounded by deadlines, never sleeps.
 */
package io.tidings.it.felix;
