package io.mgw.adapters.frame;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Usage counters for one time window (ISO-8601 bounds kept as sent). */
public record MetricsFrame(
        long seq,
        @JsonProperty("window_start") String windowStart,
        @JsonProperty("window_end") String windowEnd,
        @JsonProperty("asr_words") long asrWords,
        @JsonProperty("tts_chars") long ttsChars,
        @JsonProperty("barge_in_count") long bargeInCount) implements SequencedFrame {

    /** Wire type. */
    public static final String TYPE = "metrics";

    /** Requires non-negative counters. */
    public MetricsFrame {
        FrameChecks.requireSeq(seq);
        if (asrWords < 0 || ttsChars < 0 || bargeInCount < 0) {
            throw ProtocolError.of(ProtocolError.Kind.INVALID_VALUE, "Metrics counters must not be negative")
                    .toException();
        }
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public MetricsFrame withSeq(long newSeq) {
        return new MetricsFrame(newSeq, windowStart, windowEnd, asrWords, ttsChars, bargeInCount);
    }
}
