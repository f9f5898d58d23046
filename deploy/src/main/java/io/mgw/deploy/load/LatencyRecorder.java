package io.mgw.deploy.load;

import java.util.Arrays;

/** Round-trip times in microseconds, kept whole so percentiles are exact (a run holds a few million at most). */
final class LatencyRecorder {

    private long[] values = new long[1 << 16];
    private int size;

    synchronized void record(long micros) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = micros;
    }

    /** p50, p95, p99 and max in milliseconds, or zeros when nothing was recorded. */
    synchronized double[] percentilesMillis() {
        if (size == 0) {
            return new double[4];
        }
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        return new double[] {at(sorted, 0.50), at(sorted, 0.95), at(sorted, 0.99), sorted[size - 1] / 1000.0};
    }

    /** Forgets what was recorded (the end of a warm-up). */
    synchronized void reset() {
        size = 0;
    }

    synchronized int count() {
        return size;
    }

    private static double at(long[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(index, sorted.length - 1))] / 1000.0;
    }
}
