package io.tidings.json.internal.pattern;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tidings.json.InvalidPatternException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads pattern JSON into a {@link CompiledPattern}, rejecting anything it does not understand with the JSON Pointer
 * of the offending part. Nothing is ignored: a misspelt operator or field is an error, not a pattern that silently
 * matches less.
 *
 * <p>Input is bounded before and while it is parsed ({@value #MAX_CHARS} characters, {@value #MAX_DEPTH} levels of
 * nesting, duplicate keys rejected), since patterns may come from configuration or from remote subscribers.
 *
 * <p>Stateless and thread-safe.
 */
public final class PatternCompiler {

    /** Longest pattern text accepted. */
    public static final int MAX_CHARS = 64 * 1024;
    /** Deepest nesting of a pattern, in JSON levels. */
    public static final int MAX_DEPTH = 32;

    private static final String OPERATORS = "prefix, suffix, anything-but, numeric, exists, wildcard";

    private static final ObjectReader READER = JsonMapper
            .builder(JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH).maxStringLength(MAX_CHARS).build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build()
            .readerFor(JsonNode.class);

    private PatternCompiler() {
    }

    /**
     * @param json the pattern
     * @return the compiled pattern
     * @throws InvalidPatternException saying where and what is wrong
     */
    public static CompiledPattern compile(String json) {
        if (json == null) {
            throw new InvalidPatternException("", "a pattern is a JSON object, not null");
        }
        if (json.length() > MAX_CHARS) {
            throw new InvalidPatternException("", "is " + json.length() + " characters long; at most " + MAX_CHARS
                    + " are accepted");
        }
        JsonNode root;
        try {
            root = READER.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new InvalidPatternException("", "malformed JSON" + where + ": " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new InvalidPatternException("", "unreadable: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new InvalidPatternException("", "is empty; a pattern is a JSON object");
        }
        List<Condition> conditions = new ArrayList<>();
        topLevel(root, conditions);
        return new CompiledPattern(conditions);
    }

    private static void topLevel(JsonNode root, List<Condition> conditions) {
        if (!root.isObject()) {
            throw new InvalidPatternException("", "a pattern is a JSON object, not " + kind(root));
        }
        if (root.isEmpty()) {
            throw new InvalidPatternException("", "a pattern needs at least one field");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            String pointer = "/" + escape(name);
            if (name.equals("data")) {
                data(e.getValue(), pointer, new ArrayList<>(), conditions);
            } else if (name.equals("metadata")) {
                metadata(e.getValue(), pointer, conditions);
            } else {
                EnvelopeField field = EnvelopeField.byPatternName(name);
                if (field == null) {
                    throw new InvalidPatternException(pointer, "unknown field; a pattern's fields are "
                            + EnvelopeField.patternNames() + "metadata and data");
                }
                conditions.add(new Condition(FieldPath.envelope(field), leaf(e.getValue(), pointer)));
            }
        }
    }

    private static void metadata(JsonNode node, String pointer, List<Condition> conditions) {
        if (!node.isObject() || node.isEmpty()) {
            throw new InvalidPatternException(pointer, "must be a non-empty object of metadata keys, not "
                    + kind(node));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String p = pointer + "/" + escape(e.getKey());
            conditions.add(new Condition(FieldPath.metadata(e.getKey()), leaf(e.getValue(), p)));
        }
    }

    private static void data(JsonNode node, String pointer, List<String> path, List<Condition> conditions) {
        if (node.isArray() && !path.isEmpty()) {
            conditions.add(new Condition(FieldPath.data(path.toArray(new String[0])), leaf(node, pointer)));
            return;
        }
        if (!node.isObject() || node.isEmpty()) {
            throw new InvalidPatternException(pointer, (path.isEmpty() ? "must be a non-empty object of data fields"
                    : "must be a non-empty object of fields or an array of values and matchers") + ", not "
                    + kind(node));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            path.add(e.getKey());
            data(e.getValue(), pointer + "/" + escape(e.getKey()), path, conditions);
            path.remove(path.size() - 1);
        }
    }

    private static Matcher[] leaf(JsonNode node, String pointer) {
        if (!node.isArray()) {
            throw new InvalidPatternException(pointer, "must be an array of values and matchers (write [\"x\"] "
                    + "for one value), not " + kind(node));
        }
        if (node.isEmpty()) {
            throw new InvalidPatternException(pointer, "an empty array matches nothing; give at least one value "
                    + "or matcher");
        }
        Matcher[] matchers = new Matcher[node.size()];
        for (int i = 0; i < node.size(); i++) {
            JsonNode element = node.get(i);
            String p = pointer + "/" + i;
            matchers[i] = element.isObject() ? operator(element, p) : new ExactMatcher(literal(element, p));
        }
        return matchers;
    }

    private static Object literal(JsonNode node, String pointer) {
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isNumber()) {
            return Values.numberKey(number(node, pointer));
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isNull()) {
            return Values.NULL;
        }
        throw new InvalidPatternException(pointer, "must be a string, number, boolean, null or matcher object, not "
                + kind(node) + "; alternatives go in one flat array");
    }

    private static double number(JsonNode node, String pointer) {
        double d = node.doubleValue();
        if (!Double.isFinite(d)) {
            throw new InvalidPatternException(pointer, "the number is out of range (beyond ±1.7e308)");
        }
        return d;
    }

    private static Matcher operator(JsonNode node, String pointer) {
        if (node.size() != 1) {
            throw new InvalidPatternException(pointer, "a matcher object holds exactly one operator (" + OPERATORS
                    + "), found " + node.size());
        }
        Map.Entry<String, JsonNode> e = node.fields().next();
        String p = pointer + "/" + escape(e.getKey());
        JsonNode value = e.getValue();
        switch (e.getKey()) {
            case "prefix":
                return new PrefixMatcher(text(value, p, "prefix"));
            case "suffix":
                return new SuffixMatcher(text(value, p, "suffix"));
            case "wildcard":
                try {
                    return WildcardMatcher.compile(text(value, p, "wildcard"));
                } catch (IllegalArgumentException bad) {
                    if (bad instanceof InvalidPatternException) {
                        throw bad;
                    }
                    throw new InvalidPatternException(p, "bad wildcard: " + bad.getMessage());
                }
            case "exists":
                if (!value.isBoolean()) {
                    throw new InvalidPatternException(p, "exists takes true or false, not " + kind(value));
                }
                return new ExistsMatcher(value.booleanValue());
            case "numeric":
                return NumericRange.compile(value, p);
            case "anything-but":
                return anythingBut(value, p);
            default:
                throw new InvalidPatternException(p, "unknown operator '" + e.getKey() + "'; the operators are "
                        + OPERATORS);
        }
    }

    private static Matcher anythingBut(JsonNode value, String pointer) {
        if (value.isObject()) {
            if (value.size() != 1) {
                throw new InvalidPatternException(pointer, "anything-but takes one of prefix or suffix, found "
                        + value.size() + " operators");
            }
            Map.Entry<String, JsonNode> e = value.fields().next();
            String p = pointer + "/" + escape(e.getKey());
            switch (e.getKey()) {
                case "prefix":
                    return AnythingButMatcher.prefix(text(e.getValue(), p, "prefix"));
                case "suffix":
                    return AnythingButMatcher.suffix(text(e.getValue(), p, "suffix"));
                default:
                    throw new InvalidPatternException(p, "anything-but takes a value, a list of values, "
                            + "{\"prefix\": ...} or {\"suffix\": ...}, not '" + e.getKey() + "'");
            }
        }
        Set<Object> keys = new HashSet<>();
        if (value.isArray()) {
            if (value.isEmpty()) {
                throw new InvalidPatternException(pointer, "anything-but needs at least one value");
            }
            for (int i = 0; i < value.size(); i++) {
                keys.add(literal(value.get(i), pointer + "/" + i));
            }
        } else {
            keys.add(literal(value, pointer));
        }
        return AnythingButMatcher.values(keys);
    }

    static String text(JsonNode value, String pointer, String operator) {
        if (!value.isTextual()) {
            throw new InvalidPatternException(pointer, operator + " takes a string, not " + kind(value));
        }
        return value.textValue();
    }

    static String kind(JsonNode node) {
        switch (node.getNodeType()) {
            case ARRAY:
                return "an array";
            case OBJECT:
                return node.isEmpty() ? "an empty object" : "an object";
            case STRING:
                return "a string";
            case NUMBER:
                return "a number";
            case BOOLEAN:
                return "a boolean";
            case NULL:
                return "null";
            default:
                return node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** @return the name as a JSON Pointer reference token: {@code ~} as {@code ~0}, {@code /} as {@code ~1} */
    static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
