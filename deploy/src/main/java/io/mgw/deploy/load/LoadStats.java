package io.mgw.deploy.load;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** What a load run counts, shared by every connection of the run. Thread-safe. */
final class LoadStats {

    final LongAdder connected = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder audioSent = new LongAdder();
    final LongAdder audioReceived = new LongAdder();
    final LongAdder audioSkipped = new LongAdder();
    /** Ticks the client itself ran late for (its own CPU starved): dropped, as a real-time source would. */
    final LongAdder audioLate = new LongAdder();
    final LongAdder jsonSent = new LongAdder();
    final LongAdder jsonReceived = new LongAdder();
    final LongAdder seqGaps = new LongAdder();
    final LatencyRecorder latency = new LatencyRecorder();
    private final Map<Integer, LongAdder> closeCodes = new ConcurrentHashMap<>();
    private volatile String firstFailure;

    void closed(int code) {
        closeCodes.computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    void failed(Throwable error) {
        failed.increment();
        if (firstFailure == null) {
            firstFailure = String.valueOf(error);
        }
    }

    String firstFailure() {
        return firstFailure;
    }

    Map<Integer, Long> closeCodes() {
        Map<Integer, Long> out = new TreeMap<>();
        closeCodes.forEach((code, n) -> out.put(code, n.sum()));
        return out;
    }
}
