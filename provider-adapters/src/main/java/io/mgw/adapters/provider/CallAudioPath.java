package io.mgw.adapters.provider;

import io.mgw.adapters.audio.AudioFormat;
import io.mgw.adapters.audio.AudioTranscoder;
import io.mgw.adapters.audio.Rechunker;
import io.mgw.adapters.frame.AudioFrame;
import java.util.function.Consumer;

/**
 * A call's audio in both directions: provider audio to canonical PCM16 at the pod rate, and pod
 * audio to the provider's format cut into the provider's frame size. Owned by one codec.
 */
public final class CallAudioPath {

    private final AudioTranscoder inbound;
    private final AudioTranscoder outbound;
    private final Rechunker rechunker;

    /** Audio paths for a provider that uses one format both ways. */
    public CallAudioPath(AudioFormat providerFormat, AudioFormat podFormat, int frameMs) {
        this(providerFormat, providerFormat, podFormat, frameMs);
    }

    /**
     * Audio paths for a provider whose inbound and outbound formats may differ (Telnyx's
     * bidirectional codec is set separately); {@code frameMs} of audio per outbound chunk.
     */
    public CallAudioPath(AudioFormat fromProvider, AudioFormat toProvider, AudioFormat podFormat, int frameMs) {
        this.inbound = new AudioTranscoder(fromProvider, podFormat);
        this.outbound = new AudioTranscoder(podFormat, toProvider);
        this.rechunker = Rechunker.forFormat(toProvider, frameMs);
    }

    /** Provider audio bytes to one canonical audio frame. */
    public AudioFrame toPod(byte[] data, int offset, int length) {
        return new AudioFrame(inbound.convert(data, offset, length));
    }

    /** Pod audio to provider-format chunks of one frame duration; a partial tail is held back. */
    public void toProvider(byte[] podAudio, Consumer<byte[]> chunkSink) {
        byte[] converted = outbound.convert(podAudio, 0, podAudio.length);
        rechunker.push(converted, 0, converted.length, chunkSink);
    }

    /** The held-back tail padded with silence to a full chunk, or {@code null}. */
    public byte[] flush() {
        return rechunker.flush();
    }

    /** Drops the held-back tail and the outbound resampler history (barge-in). */
    public void clearOutbound() {
        rechunker.clear();
        outbound.reset();
    }
}
