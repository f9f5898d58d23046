package io.mgw.controlplane.deployment;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Kubernetes resource quantities ({@code 500m}, {@code 2Gi}, {@code 1.5}, {@code 1e9}): syntax and sign. */
public final class ResourceQuantities {

    /** A decimal number, then a binary or decimal SI suffix, or a decimal exponent. */
    private static final Pattern QUANTITY =
            Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\\d+)?");

    private ResourceQuantities() {
    }

    /** Whether {@code value} is a Kubernetes quantity greater than zero. */
    public static boolean isPositiveQuantity(String value) {
        if (value == null || value.length() > 32) {
            return false;
        }
        Matcher matcher = QUANTITY.matcher(value);
        return matcher.matches() && new BigDecimal(matcher.group(1).startsWith(".") ? "0" + matcher.group(1)
                : matcher.group(1)).signum() > 0;
    }
}
