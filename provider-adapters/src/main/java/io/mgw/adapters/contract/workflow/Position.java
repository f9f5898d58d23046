package io.mgw.adapters.contract.workflow;

/** A node's place on the editor canvas, in canvas pixels (x grows to the right, y downwards). */
public record Position(double x, double y) {

    public Position {
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            throw new IllegalArgumentException("position must be finite: " + x + ", " + y);
        }
    }
}
