package io.mgw.runtime.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The condition node's small, safe expression language: {@link PathExpression paths} over the input, string
 * ({@code "x"}, {@code 'x'}), number, {@code true}/{@code false}/{@code null} literals, {@code == != > < >= <=},
 * {@code !}, {@code && ||} and parentheses. Parsed once into a tree; evaluation never runs code. A bare operand is
 * true when it is present and not false, null, 0 or "".
 */
public final class ConditionExpression {

    private sealed interface Expr permits Literal, Path, Not, Binary {
    }

    private record Literal(JsonNode value) implements Expr {
    }

    private record Path(PathExpression path) implements Expr {
    }

    private record Not(Expr operand) implements Expr {
    }

    private record Binary(String op, Expr left, Expr right) implements Expr {
    }

    private final String text;
    private final Expr root;

    private ConditionExpression(String text, Expr root) {
        this.text = text;
        this.root = root;
    }

    /** Parses {@code text}. @throws IllegalArgumentException naming the position of the problem */
    public static ConditionExpression parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the expression is empty");
        }
        Parser parser = new Parser(tokenize(text));
        Expr root = parser.or();
        if (parser.pos < parser.tokens.size()) {
            throw new IllegalArgumentException("unexpected '" + parser.tokens.get(parser.pos) + "' in '" + text + "'");
        }
        return new ConditionExpression(text, root);
    }

    /** Evaluates over {@code input}. */
    public boolean test(JsonNode input) {
        return truthy(eval(root, input));
    }

    @Override
    public String toString() {
        return text;
    }

    private static JsonNode eval(Expr expr, JsonNode input) {
        if (expr instanceof Literal literal) {
            return literal.value();
        }
        if (expr instanceof Path path) {
            return path.path().resolve(input);
        }
        if (expr instanceof Not not) {
            return BooleanNode.valueOf(!truthy(eval(not.operand(), input)));
        }
        Binary binary = (Binary) expr;
        return switch (binary.op()) {
            case "&&" -> BooleanNode.valueOf(truthy(eval(binary.left(), input)) && truthy(eval(binary.right(), input)));
            case "||" -> BooleanNode.valueOf(truthy(eval(binary.left(), input)) || truthy(eval(binary.right(), input)));
            default -> BooleanNode.valueOf(compare(binary.op(), eval(binary.left(), input), eval(binary.right(), input)));
        };
    }

    private static boolean compare(String op, JsonNode left, JsonNode right) {
        if (op.equals("==") || op.equals("!=")) {
            boolean equal = equal(left, right);
            return op.equals("==") == equal;
        }
        Integer order = order(left, right);
        if (order == null) {
            return false;
        }
        return switch (op) {
            case ">" -> order > 0;
            case "<" -> order < 0;
            case ">=" -> order >= 0;
            case "<=" -> order <= 0;
            default -> throw new IllegalStateException(op);
        };
    }

    private static boolean equal(JsonNode left, JsonNode right) {
        boolean leftAbsent = left.isMissingNode() || left.isNull();
        boolean rightAbsent = right.isMissingNode() || right.isNull();
        if (leftAbsent || rightAbsent) {
            return leftAbsent == rightAbsent;
        }
        if (left.isNumber() && right.isNumber()) {
            return left.decimalValue().compareTo(right.decimalValue()) == 0;
        }
        if (left.isValueNode() && right.isValueNode()) {
            return Objects.equals(left.asText(), right.asText()) && left.isBoolean() == right.isBoolean();
        }
        return left.equals(right);
    }

    private static Integer order(JsonNode left, JsonNode right) {
        BigDecimal l = number(left);
        BigDecimal r = number(right);
        if (l != null && r != null) {
            return l.compareTo(r);
        }
        if (left.isTextual() && right.isTextual()) {
            return Integer.signum(left.asText().compareTo(right.asText()));
        }
        return null;
    }

    private static BigDecimal number(JsonNode node) {
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isTextual()) {
            try {
                return new BigDecimal(node.asText().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static boolean truthy(JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return false;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isNumber()) {
            return value.decimalValue().signum() != 0;
        }
        if (value.isTextual()) {
            return !value.asText().isEmpty();
        }
        return true;
    }

    // ------------------------------------------------------------------ tokens and grammar

    private static List<String> tokenize(String text) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"' || c == '\'') {
                int end = i + 1;
                StringBuilder literal = new StringBuilder().append('"');
                while (end < text.length() && text.charAt(end) != c) {
                    if (text.charAt(end) == '\\' && end + 1 < text.length()) {
                        end++;
                    }
                    literal.append(text.charAt(end));
                    end++;
                }
                if (end >= text.length()) {
                    throw new IllegalArgumentException("unterminated string at position " + i + " in '" + text + "'");
                }
                tokens.add(literal.toString());
                i = end + 1;
            } else if ("()".indexOf(c) >= 0) {
                tokens.add(String.valueOf(c));
                i++;
            } else if (text.startsWith("&&", i) || text.startsWith("||", i) || text.startsWith("==", i)
                    || text.startsWith("!=", i) || text.startsWith(">=", i) || text.startsWith("<=", i)) {
                tokens.add(text.substring(i, i + 2));
                i += 2;
            } else if ("<>!".indexOf(c) >= 0) {
                tokens.add(String.valueOf(c));
                i++;
            } else if (Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '-' || c == '.') {
                int end = i;
                while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end))
                        || "_$-.[]".indexOf(text.charAt(end)) >= 0)) {
                    end++;
                }
                tokens.add(text.substring(i, end));
                i = end;
            } else {
                throw new IllegalArgumentException("unexpected '" + c + "' at position " + i + " in '" + text + "'");
            }
        }
        return tokens;
    }

    private static final class Parser {
        final List<String> tokens;
        int pos;

        Parser(List<String> tokens) {
            this.tokens = tokens;
        }

        Expr or() {
            Expr left = and();
            while (accept("||")) {
                left = new Binary("||", left, and());
            }
            return left;
        }

        Expr and() {
            Expr left = comparison();
            while (accept("&&")) {
                left = new Binary("&&", left, comparison());
            }
            return left;
        }

        Expr comparison() {
            Expr left = unary();
            for (String op : List.of("==", "!=", ">=", "<=", ">", "<")) {
                if (accept(op)) {
                    return new Binary(op, left, unary());
                }
            }
            return left;
        }

        Expr unary() {
            if (accept("!")) {
                return new Not(unary());
            }
            if (accept("(")) {
                Expr inner = or();
                if (!accept(")")) {
                    throw new IllegalArgumentException("missing ')'");
                }
                return inner;
            }
            if (pos >= tokens.size()) {
                throw new IllegalArgumentException("the expression ends too early");
            }
            String token = tokens.get(pos++);
            if (token.startsWith("\"")) {
                return new Literal(TextNode.valueOf(token.substring(1)));
            }
            switch (token) {
                case "true":
                    return new Literal(BooleanNode.TRUE);
                case "false":
                    return new Literal(BooleanNode.FALSE);
                case "null":
                    return new Literal(NullNode.getInstance());
                default:
                    break;
            }
            char first = token.charAt(0);
            if (Character.isDigit(first) || first == '-') {
                try {
                    return new Literal(DecimalNode.valueOf(new BigDecimal(token)));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + token + "' is not a number");
                }
            }
            if (!PathExpression.isPath(token)) {
                throw new IllegalArgumentException("'" + token + "' is not a path, string or number");
            }
            return new Path(PathExpression.parse(token));
        }

        boolean accept(String token) {
            if (pos < tokens.size() && tokens.get(pos).equals(token)) {
                pos++;
                return true;
            }
            return false;
        }
    }
}
