/**
 * The JSON side of Tidings: the CloudEvents 1.0 JSON format (structured mode) of the {@link io.tidings.api.Envelope},
 * and event patterns, compiled once and matched against an envelope and its JSON data.
 *
 * <p>Reading untrusted input is bounded (size, nesting depth, no polymorphic types), and every malformed input yields
 * one clear error that says what and where.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package io.tidings.json;
