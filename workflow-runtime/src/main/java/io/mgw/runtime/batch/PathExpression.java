package io.mgw.runtime.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An input-mapping expression of the workflows API ({@code data.user.id}, {@code items[0].name}) resolved over a
 * node's input. The first segment names a field of the input; when the input has no such field, {@code data} and
 * {@code input} name the input itself, so {@code data.user.id} reads {@code user.id} of a trigger's inputs. A path that
 * leads nowhere resolves to {@link MissingNode}. Pure: no script engine, no method calls.
 */
public final class PathExpression {

    private static final Pattern SEGMENT = Pattern.compile("([A-Za-z_$][A-Za-z0-9_$-]*)((?:\\[\\d{1,9}])*)");
    private static final Pattern INDEX = Pattern.compile("\\[(\\d{1,9})]");

    private final String text;
    private final List<Object> steps;

    private PathExpression(String text, List<Object> steps) {
        this.text = text;
        this.steps = steps;
    }

    /** Whether {@code text} is a well-formed path. */
    public static boolean isPath(String text) {
        return parseOrNull(text) != null;
    }

    /** Parses a path. @throws IllegalArgumentException naming the problem */
    public static PathExpression parse(String text) {
        PathExpression parsed = parseOrNull(text);
        if (parsed == null) {
            throw new IllegalArgumentException("'" + text + "' is not a path such as data.user.id or items[0].name");
        }
        return parsed;
    }

    private static PathExpression parseOrNull(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        List<Object> steps = new ArrayList<>();
        for (String part : text.trim().split("\\.", -1)) {
            Matcher m = SEGMENT.matcher(part);
            if (!m.matches()) {
                return null;
            }
            steps.add(m.group(1));
            Matcher index = INDEX.matcher(m.group(2));
            while (index.find()) {
                steps.add(Integer.parseInt(index.group(1)));
            }
        }
        return new PathExpression(text.trim(), List.copyOf(steps));
    }

    /** The value at this path in {@code input}, or {@link MissingNode}. */
    public JsonNode resolve(JsonNode input) {
        JsonNode current = input == null ? MissingNode.getInstance() : input;
        int start = 0;
        String first = (String) steps.get(0);
        if (!current.has(first) && ("data".equals(first) || "input".equals(first))) {
            start = 1;
        }
        for (int i = start; i < steps.size(); i++) {
            Object step = steps.get(i);
            current = step instanceof Integer index ? current.path(index) : current.path((String) step);
            if (current.isMissingNode()) {
                return current;
            }
        }
        return current;
    }

    @Override
    public String toString() {
        return text;
    }
}
