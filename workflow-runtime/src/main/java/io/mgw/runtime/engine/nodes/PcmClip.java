package io.mgw.runtime.engine.nodes;

/** Mono PCM16 audio in memory: what {@code play} plays, at its own sample rate. */
record PcmClip(short[] samples, int sampleRate) {

    /** {@code millis} of a sine tone at {@code frequency} Hz, about -10 dBFS. */
    static PcmClip tone(int frequency, long millis, int sampleRate) {
        int count = (int) (sampleRate * millis / 1000);
        short[] samples = new short[count];
        double step = 2 * Math.PI * frequency / sampleRate;
        for (int i = 0; i < count; i++) {
            samples[i] = (short) Math.round(Math.sin(step * i) * 0.3 * Short.MAX_VALUE);
        }
        return new PcmClip(samples, sampleRate);
    }

    static PcmClip silence(long millis, int sampleRate) {
        return new PcmClip(new short[(int) (sampleRate * millis / 1000)], sampleRate);
    }
}
