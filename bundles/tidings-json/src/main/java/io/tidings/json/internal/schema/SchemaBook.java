package io.tidings.json.internal.schema;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.resource.SchemaLoader;

import io.tidings.api.SchemaStatus;
import io.tidings.json.JsonLimits;

/**
 * The registered event schemas and the validation of event data against them, with the networknt
 * json-schema-validator (JSON Schema 2020-12 unless a schema's {@code $schema} names another draft). Schemas come
 * from several origins (a configuration PID, a file), each origin registering one schema for one type and version.
 *
 * <p>Which schemas are in force is worked out again on every change: a schema that is not valid JSON, not a valid
 * JSON Schema, registered for a type and version another origin registered first, or that breaks the {@linkplain
 * SchemaCompatibility compatibility rule} with an earlier minor version of its major version in force, is kept with
 * its problem (so {@code tidings:schemas} shows it) but does not validate anything.
 *
 * <p>An event is validated against the schema of its type and version ({@link SchemaVersion}); when that exact
 * version is not registered, against the lowest registered later minor of its major version (which accepts
 * everything the earlier ones did), else the highest earlier one. A type with schemas but none for the event's
 * major version refuses the event: register the new major version first. Schemas never fetch {@code $ref}s over the
 * network.
 *
 * <p>Thread-safety: thread-safe. Changes are serialised and publish an immutable snapshot that {@link #validate}
 * reads without locking.
 */
final class SchemaBook {

    /** Most validation errors reported for one event; the rest are counted. */
    static final int MAX_ERRORS = 10;

    private final SchemaRegistry validators = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaLoader(SchemaLoader.getDefault()));
    private final ObjectMapper mapper;
    private final Map<String, Registration> registrations = new LinkedHashMap<>(); // guarded by this, by origin
    private final AtomicLong sequence = new AtomicLong();
    private volatile Map<String, NavigableMap<SchemaVersion, Registration>> inForce = Map.of();

    SchemaBook(JsonLimits limits) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(limits.maxDepth())
                        .maxStringLength(limits.maxStringLength()).maxDocumentLength(limits.maxBytes()).build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
        this.mapper = new ObjectMapper(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** One origin's schema, whether in force or not, with its counters. */
    private static final class Registration {
        final long order;
        final String origin;
        final String type;
        final String versionText;
        final SchemaVersion version; // null when the version is invalid
        final JsonNode node; // null when the text is not JSON
        final Schema schema; // null when not a valid schema
        final String invalid; // why the registration itself is unusable, or null
        volatile String problem; // why it is not in force, or null
        final LongAdder validated = new LongAdder();
        final LongAdder rejected = new LongAdder();

        Registration(long order, String origin, String type, String versionText, SchemaVersion version, JsonNode node,
                Schema schema, String invalid) {
            this.order = order;
            this.origin = origin;
            this.type = type;
            this.versionText = versionText;
            this.version = version;
            this.node = node;
            this.schema = schema;
            this.invalid = invalid;
            this.problem = invalid;
        }
    }

    /**
     * Registers (or replaces) the schema of one origin.
     *
     * @return why the schema is not in force, or null when it is
     */
    synchronized String put(String origin, String type, String version, String schemaJson) {
        SchemaVersion parsed = null;
        JsonNode node = null;
        Schema schema = null;
        String invalid = null;
        try {
            if (type == null || type.isBlank()) {
                throw new IllegalArgumentException("type is empty");
            }
            parsed = SchemaVersion.parse(version);
            if (schemaJson == null || schemaJson.isBlank()) {
                throw new IllegalArgumentException("schema is empty");
            }
            try {
                node = mapper.readTree(schemaJson);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("schema is not valid JSON: " + e.getOriginalMessage()
                        + (e.getLocation() == null ? "" : " at " + e.getLocation().offsetDescription()));
            }
            if (!node.isObject() && !node.isBoolean()) {
                throw new IllegalArgumentException("schema is not a JSON object or boolean");
            }
            schema = compile(node);
        } catch (IllegalArgumentException e) {
            invalid = e.getMessage();
        }
        Registration r = new Registration(sequence.incrementAndGet(), origin, type, version, parsed, node, schema,
                invalid);
        Registration old = registrations.get(origin);
        if (old != null && old.invalid == null && invalid == null && old.node.equals(node) && old.type.equals(type)
                && old.version.equals(parsed)) {
            return old.problem; // unchanged: keep its place and its counters
        }
        registrations.remove(origin);
        registrations.put(origin, r);
        rebuild();
        return r.problem;
    }

    /** Registers an origin whose schema could not even be read, with why, so that the status shows it. */
    synchronized void refuse(String origin, String type, String version, String problem) {
        registrations.remove(origin);
        registrations.put(origin, new Registration(sequence.incrementAndGet(), origin, type, version, null, null,
                null, problem));
        rebuild();
    }

    /** Removes the schema of one origin, if any. */
    synchronized void remove(String origin) {
        if (registrations.remove(origin) != null) {
            rebuild();
        }
    }

    /**
     * @return the validation errors of the event, each with where in the data it applies ({@code data/items/0/qty:
     *         must have a minimum value of 1}); empty when it is valid
     *         or its type has no schema in force
     */
    List<String> validate(String type, String version, String data) {
        NavigableMap<SchemaVersion, Registration> versions = type == null ? null : inForce.get(type);
        if (versions == null) {
            return List.of();
        }
        SchemaVersion v;
        try {
            v = version == null ? SchemaVersion.DEFAULT : SchemaVersion.parse(version);
        } catch (IllegalArgumentException e) {
            return List.of(e.getMessage());
        }
        Registration r = pick(versions, v);
        if (r == null) {
            return List.of("type '" + type + "' has no schema for major version " + v.major() + " (registered: "
                    + versions.keySet().stream().map(SchemaVersion::toString).collect(Collectors.joining(", "))
                    + "); register one before publishing it");
        }
        List<String> problems;
        try {
            JsonNode node = data == null ? NullNode.getInstance() : mapper.readTree(data);
            problems = describe(r.schema.validate(node));
        } catch (JsonProcessingException e) {
            problems = List.of("data is not valid JSON: " + e.getOriginalMessage());
        } catch (RuntimeException e) {
            // A schema the library compiled but cannot apply: refuse rather than let the event through unchecked.
            problems = List.of("schema " + type + " " + r.version + " could not be applied: " + e.getMessage());
        }
        if (problems.isEmpty()) {
            r.validated.increment();
        } else {
            r.rejected.increment();
            problems = new ArrayList<>(problems);
            problems.set(0, "schema " + type + " " + r.version + ": " + problems.get(0));
        }
        return problems;
    }

    /** @return every registration, by type, then version, then origin */
    synchronized List<SchemaStatus> status() {
        List<Registration> all = new ArrayList<>(registrations.values());
        all.sort(Comparator.comparing((Registration r) -> r.type == null ? "" : r.type)
                .thenComparing(r -> r.version == null ? new SchemaVersion(Integer.MAX_VALUE, 0) : r.version)
                .thenComparing(r -> r.origin));
        List<SchemaStatus> status = new ArrayList<>();
        for (Registration r : all) {
            status.add(new SchemaStatus(r.type, r.version == null ? r.versionText : r.version.toString(), r.origin,
                    r.validated.sum(), r.rejected.sum(), r.problem));
        }
        return status;
    }

    private static Registration pick(NavigableMap<SchemaVersion, Registration> versions, SchemaVersion v) {
        Registration exact = versions.get(v);
        if (exact != null) {
            return exact;
        }
        Map.Entry<SchemaVersion, Registration> later = versions.higherEntry(v);
        if (later != null && later.getKey().major() == v.major()) {
            return later.getValue();
        }
        Map.Entry<SchemaVersion, Registration> earlier = versions.lowerEntry(v);
        if (earlier != null && earlier.getKey().major() == v.major()) {
            return earlier.getValue();
        }
        return null;
    }

    private Schema compile(JsonNode node) {
        List<Error> metaErrors;
        try {
            String dialect = node.path("$schema").asText(SpecificationVersion.DRAFT_2020_12.getDialectId());
            metaErrors = validators.getSchema(SchemaLocation.of(dialect)).validate(node);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("schema names an unknown $schema dialect: " + e.getMessage());
        }
        if (!metaErrors.isEmpty()) {
            throw new IllegalArgumentException("schema is not a valid JSON Schema: " + String.join("; ",
                    describe(metaErrors)));
        }
        try {
            Schema schema = validators.getSchema(node);
            schema.validate(NullNode.getInstance()); // compiles the keywords lazily built on first use
            return schema;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("schema is not a valid JSON Schema: " + e.getMessage());
        }
    }

    private static List<String> describe(List<Error> errors) {
        List<String> lines = new ArrayList<>();
        for (Error e : errors) {
            if (lines.size() == MAX_ERRORS) {
                lines.add("and " + (errors.size() - MAX_ERRORS) + " more");
                break;
            }
            String at = e.getInstanceLocation() == null ? "" : e.getInstanceLocation().toString();
            lines.add("data" + at + ": " + e.getMessage()); // a JSON Pointer into the data: data/items/0/quantity
        }
        return lines;
    }

    /** Works out which registrations are in force, type by type, major by major, minor by minor. */
    private void rebuild() {
        Map<String, List<Registration>> byType = new HashMap<>();
        for (Registration r : registrations.values()) {
            r.problem = r.invalid;
            if (r.invalid == null) {
                byType.computeIfAbsent(r.type, t -> new ArrayList<>()).add(r);
            }
        }
        Map<String, NavigableMap<SchemaVersion, Registration>> next = new HashMap<>();
        for (Map.Entry<String, List<Registration>> type : byType.entrySet()) {
            List<Registration> candidates = type.getValue();
            candidates.sort(Comparator.comparing((Registration r) -> r.version).thenComparingLong(r -> r.order));
            NavigableMap<SchemaVersion, Registration> versions = new TreeMap<>();
            for (Registration r : candidates) {
                Registration first = versions.get(r.version);
                if (first != null) {
                    r.problem = "type " + r.type + " version " + r.version + " is already registered by "
                            + first.origin;
                    continue;
                }
                String problem = null;
                for (Registration earlier : versions.headMap(r.version, false).values()) {
                    if (earlier.version.major() == r.version.major()) {
                        String p = SchemaCompatibility.problem(earlier.node, r.node);
                        if (p != null) {
                            problem = "not compatible with version " + earlier.version + " (" + earlier.origin
                                    + "): " + p + "; use a new major version";
                            break;
                        }
                    }
                }
                if (problem != null) {
                    r.problem = problem;
                } else {
                    versions.put(r.version, r);
                }
            }
            if (!versions.isEmpty()) {
                next.put(type.getKey(), versions);
            }
        }
        inForce = next;
    }
}
