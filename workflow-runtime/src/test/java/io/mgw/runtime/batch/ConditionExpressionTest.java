package io.mgw.runtime.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.mgw.adapters.frame.FrameJson;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConditionExpressionTest {

    static final JsonNode INPUT = read("{\"a\":{\"b\":\"x\"},\"n\":5,\"items\":[{\"name\":\"pen\"}],\"flag\":true,\"empty\":\"\"}");

    static JsonNode read(String json) {
        try {
            return FrameJson.mapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "a.b == \"x\" ; true", "a.b == 'y' ; false", "a.b != 'y' ; true", "n > 4 ; true", "n < 5 ; false",
            "n >= 5 && n <= 5 ; true", "n > 10 || a.b == 'x' ; true", "!(n > 10) ; true", "items[0].name == 'pen' ; true",
            "data.n == 5 ; true", "missing == null ; true", "flag ; true", "empty ; false", "n == 5.0 ; true",
            "flag == true && !missing ; true"})
    void evaluates(String expression, boolean expected) {
        assertEquals(expected, ConditionExpression.parse(expression).test(INPUT), expression);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a ==", "(a == 1", "a = 1", "'open", "a.b() == 1", "1 +"})
    void refusesMalformedExpressions(String expression) {
        assertThrows(IllegalArgumentException.class, () -> ConditionExpression.parse(expression));
    }
}
