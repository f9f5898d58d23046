package io.mgw.runtime.engine.nodes;

import io.mgw.adapters.audio.AudioFormat;
import io.mgw.adapters.audio.AudioTranscoder;
import io.mgw.adapters.audio.Pcm16;
import io.mgw.runtime.engine.NodeContext;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * One playback of a {@link PcmClip} toward the caller, paced in real time: each call to {@link #sendDue} sends the
 * frames due since the start (one frame ahead, so the caller's jitter buffer never runs dry), each converted to the
 * session's current format (a {@code start} arriving mid-playback changes the format of the following frames). The
 * last frame is padded with silence. Confined to the session's executor.
 */
final class ClipPlayback {

    private final PcmClip clip;
    private final int frameMs;
    private final long startedNanos = System.nanoTime();
    private int position;
    private long framesSent;
    private AudioTranscoder transcoder;

    ClipPlayback(PcmClip clip, int frameMs) {
        this.clip = clip;
        this.frameMs = frameMs;
    }

    /** Sends what is due; false once the whole clip has gone out. */
    boolean sendDue(NodeContext ctx) {
        long due = (System.nanoTime() - startedNanos) / 1_000_000 / frameMs + 1;
        while (framesSent < due) {
            if (position >= clip.samples().length) {
                return false;
            }
            sendFrame(ctx);
        }
        return position < clip.samples().length;
    }

    private void sendFrame(NodeContext ctx) {
        AudioFormat target = ctx.session().audioFormat();
        if (transcoder == null || !transcoder.target().equals(target)) {
            transcoder = new AudioTranscoder(AudioFormat.pcm16(clip.sampleRate()), target);
        }
        int count = clip.sampleRate() * frameMs / 1000;
        short[] chunk = new short[count];
        System.arraycopy(clip.samples(), position, chunk, 0, Math.min(count, clip.samples().length - position));
        position += count;
        framesSent++;
        ByteBuf frame = Unpooled.wrappedBuffer(transcoder.convert(Pcm16.toBytes(chunk)));
        try {
            ctx.sendAudio(frame, ctx.session().jsonAudio());
        } finally {
            frame.release();
        }
    }
}
