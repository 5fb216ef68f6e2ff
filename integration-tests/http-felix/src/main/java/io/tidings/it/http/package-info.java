/**
 * In-framework tests of tidings-http: Felix HTTP Jetty on a free port, tidings-core and tidings-json, driven over
 * real HTTP by {@code java.net.http.HttpClient}. Waits are bounded by deadlines, never sleeps.
 */
package io.tidings.it.http;
