package io.mgw.runtime.engine;

/** Usage counters of one metrics window of a session; confined to the session's executor. */
public final class SessionCounters {

    private long asrWords;
    private long ttsChars;
    private long bargeIns;

    public void addAsrWords(long words) {
        asrWords += words;
    }

    public void addTtsChars(long chars) {
        ttsChars += chars;
    }

    public void addBargeIn() {
        bargeIns++;
    }

    public long asrWords() {
        return asrWords;
    }

    public long ttsChars() {
        return ttsChars;
    }

    public long bargeIns() {
        return bargeIns;
    }

    /** Whether anything was counted since the last {@link #reset}. */
    public boolean isEmpty() {
        return asrWords == 0 && ttsChars == 0 && bargeIns == 0;
    }

    /** Starts a new window. */
    public void reset() {
        asrWords = 0;
        ttsChars = 0;
        bargeIns = 0;
    }
}
