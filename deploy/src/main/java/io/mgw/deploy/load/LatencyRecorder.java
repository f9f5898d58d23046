package io.mgw.deploy.load;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Round-trip times in microseconds, kept whole so percentiles are exact (a run holds a few million at most), each
 * with the second of the window it arrived in, so a tail can be told apart as one stall or a steady spread.
 */
final class LatencyRecorder {

    /** One second of the window: how many round trips ended in it and their p50, p99 and max in milliseconds. */
    record Second(int index, int samples, double p50, double p99, double max) {
    }

    /** Round trips under 2^40 us (12 days) fit beside their second in one sortable long. */
    private static final int MICROS_BITS = 40;
    private static final long MICROS_MASK = (1L << MICROS_BITS) - 1;

    private long[] values = new long[1 << 16];
    private int[] seconds = new int[1 << 16];
    private int size;
    private long originNanos = System.nanoTime();
    private Instant origin = Instant.now();

    synchronized void record(long micros, long nowNanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
            seconds = Arrays.copyOf(seconds, size * 2);
        }
        values[size] = micros;
        seconds[size] = (int) Math.max(0, (nowNanos - originNanos) / 1_000_000_000L);
        size++;
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

    /** The window second by second, from the last reset on (seconds with no round trip are left out). */
    synchronized List<Second> bySecond() {
        // One sort orders by second, then by round trip: each second's samples come out as a sorted run.
        long[] keyed = new long[size];
        for (int i = 0; i < size; i++) {
            keyed[i] = (long) seconds[i] << MICROS_BITS | Math.max(0, values[i]);
        }
        Arrays.sort(keyed);
        List<Second> out = new ArrayList<>();
        int end;
        for (int start = 0; start < size; start = end) {
            long second = keyed[start] >>> MICROS_BITS;
            end = start;
            while (end < size && keyed[end] >>> MICROS_BITS == second) {
                end++;
            }
            long[] run = new long[end - start];
            for (int k = 0; k < run.length; k++) {
                run[k] = keyed[start + k] & MICROS_MASK;
            }
            out.add(new Second((int) second, run.length, at(run, 0.50), at(run, 0.99), run[run.length - 1] / 1000.0));
        }
        return out;
    }

    /** Forgets what was recorded (the end of a warm-up); seconds count from now. */
    synchronized void reset() {
        size = 0;
        originNanos = System.nanoTime();
        origin = Instant.now();
    }

    /** The wall-clock time second 0 starts at, to line the seconds up with other processes' logs. */
    synchronized Instant origin() {
        return origin;
    }

    synchronized int count() {
        return size;
    }

    private static double at(long[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(index, sorted.length - 1))] / 1000.0;
    }
}
