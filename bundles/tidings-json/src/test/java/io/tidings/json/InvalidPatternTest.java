package io.tidings.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class InvalidPatternTest {

    private static InvalidPatternException reject(String pattern) {
        return assertThrows(InvalidPatternException.class, () -> EventPattern.compile(pattern), pattern);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "`[]`| /: a pattern is a JSON object, not an array",
            "`\"type\"`| /: a pattern is a JSON object, not a string",
            "`{}`| /: a pattern needs at least one field",
            "`{\"colour\":[\"red\"]}`| /colour: unknown field",
            "`{\"type\":\"OrderPlaced\"}`| /type: must be an array of values and matchers",
            "`{\"type\":[]}`| /type: an empty array matches nothing",
            "`{\"type\":[[\"a\"]]}`| /type/0: must be a string, number, boolean, null or matcher object",
            "`{\"data\":[\"x\"]}`| /data: must be a non-empty object of data fields",
            "`{\"data\":{}}`| /data: must be a non-empty object of data fields",
            "`{\"data\":{\"a\":{}}}`| /data/a: must be a non-empty object of fields or an array",
            "`{\"data\":{\"a\":5}}`| /data/a: must be a non-empty object of fields or an array",
            "`{\"metadata\":[\"x\"]}`| /metadata: must be a non-empty object of metadata keys",
            "`{\"metadata\":{\"env\":{\"x\":[\"y\"]}}}`| /metadata/env: must be an array",
            "`{\"data\":{\"a/b\":{\"c~d\":[{\"prefx\":\"x\"}]}}}`| /data/a~1b/c~0d/0/prefx: unknown operator 'prefx'",
            "`{\"data\":{\"a\":[{\"prefix\":\"x\",\"suffix\":\"y\"}]}}`| /data/a/0: a matcher object holds exactly one operator",
            "`{\"data\":{\"a\":[{}]}}`| /data/a/0: a matcher object holds exactly one operator",
            "`{\"data\":{\"a\":[{\"prefix\":5}]}}`| /data/a/0/prefix: prefix takes a string, not a number",
            "`{\"data\":{\"a\":[{\"suffix\":null}]}}`| /data/a/0/suffix: suffix takes a string, not null",
            "`{\"data\":{\"a\":[{\"exists\":\"yes\"}]}}`| /data/a/0/exists: exists takes true or false",
            "`{\"data\":{\"amount\":[{\"numeric\":[\">\",0,\"<\"]}]}}`| /data/amount/0/numeric: numeric needs one or two operator/value pairs, found 3",
            "`{\"data\":{\"amount\":[{\"numeric\":[]}]}}`| /data/amount/0/numeric: numeric needs one or two operator/value pairs, found 0",
            "`{\"data\":{\"amount\":[{\"numeric\":\">0\"}]}}`| /data/amount/0/numeric: numeric takes an array",
            "`{\"data\":{\"amount\":[{\"numeric\":[\"~\",1]}]}}`| /data/amount/0/numeric/0: unknown numeric operator '~'",
            "`{\"data\":{\"amount\":[{\"numeric\":[1,1]}]}}`| /data/amount/0/numeric/0: expected an operator",
            "`{\"data\":{\"amount\":[{\"numeric\":[\">\",\"1\"]}]}}`| /data/amount/0/numeric/1: expected a number after '>'",
            "`{\"data\":{\"amount\":[{\"numeric\":[\">\",1,\">\",2]}]}}`| /data/amount/0/numeric/2: a second lower bound",
            "`{\"data\":{\"amount\":[{\"numeric\":[\"<\",1,\"<=\",2]}]}}`| /data/amount/0/numeric/2: a second upper bound",
            "`{\"data\":{\"amount\":[{\"numeric\":[\"=\",1,\"<\",2]}]}}`| /data/amount/0/numeric/0: '=' stands alone",
            "`{\"data\":{\"amount\":[{\"numeric\":[\">\",5,\"<\",1]}]}}`| /data/amount/0/numeric: the range is empty",
            "`{\"data\":{\"amount\":[{\"numeric\":[\">\",5,\"<=\",5]}]}}`| /data/amount/0/numeric: the range is empty",
            "`{\"data\":{\"amount\":[{\"numeric\":[\">\",1e999]}]}}`| /data/amount/0/numeric/1: the number is out of range",
            "`{\"data\":{\"amount\":[1e999]}}`| /data/amount/0: the number is out of range",
            "`{\"data\":{\"a\":[{\"wildcard\":\"a**b\"}]}}`| /data/a/0/wildcard: bad wildcard: consecutive '*' at position 1",
            "`{\"data\":{\"a\":[{\"wildcard\":\"a\\\\b\"}]}}`| /data/a/0/wildcard: bad wildcard: '\\' at position 1 must be followed by '*' or '\\'",
            "`{\"data\":{\"a\":[{\"wildcard\":\"ab\\\\\"}]}}`| /data/a/0/wildcard: bad wildcard: '\\' at position 2",
            "`{\"data\":{\"a\":[{\"wildcard\":7}]}}`| /data/a/0/wildcard: wildcard takes a string",
            "`{\"data\":{\"a\":[{\"anything-but\":[]}]}}`| /data/a/0/anything-but: anything-but needs at least one value",
            "`{\"data\":{\"a\":[{\"anything-but\":[{\"prefix\":\"x\"}]}]}}`| /data/a/0/anything-but/0: must be a string, number, boolean, null",
            "`{\"data\":{\"a\":[{\"anything-but\":{\"wildcard\":\"x\"}}]}}`| /data/a/0/anything-but/wildcard: anything-but takes a value",
            "`{\"data\":{\"a\":[{\"anything-but\":{\"prefix\":1}}]}}`| /data/a/0/anything-but/prefix: prefix takes a string",
            "`{\"data\":{\"a\":[{\"anything-but\":{\"prefix\":\"x\",\"suffix\":\"y\"}}]}}`| /data/a/0/anything-but: anything-but takes one of prefix or suffix, found 2",
    })
    void rejectedWithPointer(String pattern, String expectedStart) {
        String message = reject(pattern).getMessage();
        assertTrue(message.startsWith(expectedStart.strip()), () -> "message: " + message);
    }

    @Test
    void pointerAndProblemApart() {
        InvalidPatternException e = reject("{\"data\":{\"amount\":[{\"numeric\":[\">\",0,\"<=\"]}]}}");
        assertEquals("/data/amount/0/numeric", e.pointer());
        assertEquals("numeric needs one or two operator/value pairs, found 3 entries", e.problem());
        assertTrue(e instanceof IllegalArgumentException);
    }

    @Test
    void malformedJsonWithLineAndColumn() {
        InvalidPatternException e = reject("{\n  \"type\": [\"a\",]\n}");
        assertEquals("", e.pointer());
        assertTrue(e.getMessage().startsWith("/: malformed JSON at line 2, column"), e.getMessage());
        assertTrue(reject("{\"type\":[\"a\"]} x").getMessage().startsWith("/: malformed JSON"));
        assertTrue(reject("{\"type\":[\"a\"],\"type\":[\"b\"]}").getMessage().contains("Duplicate field 'type'"));
        assertTrue(reject("").getMessage().startsWith("/: "));
        assertTrue(reject("null").getMessage().startsWith("/: a pattern is a JSON object, not null"));
        assertTrue(reject(null).getMessage().startsWith("/: "));
    }

    @Test
    void boundedSizeAndDepth() {
        String deep = "{\"data\":" + "{\"a\":".repeat(40) + "[1]" + "}".repeat(41);
        assertTrue(reject(deep).getMessage().startsWith("/: malformed JSON"), reject(deep).getMessage());
        String big = "{\"type\":[" + "\"aaaaaaaaaa\",".repeat(7000) + "\"a\"]}";
        assertTrue(reject(big).getMessage().contains("characters long; at most 65536"));
    }
}
