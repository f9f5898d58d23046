package io.mgw.runtime.engine.nodes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mgw.adapters.audio.AudioEncoding;
import io.mgw.adapters.frame.ClearFrame;
import io.mgw.adapters.frame.Frame;
import io.mgw.adapters.frame.StartFrame;
import io.mgw.runtime.engine.NodeContext;
import io.mgw.runtime.engine.StreamingNode;
import io.netty.buffer.ByteBuf;

/**
 * {@code vad}: energy-based speech detection over the caller's PCM16 audio (little-endian, mono). A frame whose
 * level is above {@code thresholdDbfs} counts as speech; {@code minSpeechMs} of it starts speech, {@code minSilenceMs}
 * below ends it. When speech starts while the pod is playing audio (and {@code bargeIn}, default true) it sends
 * {@code clear} and counts a barge-in. Audio passes on unchanged. A frame that is not PCM16 (odd or zero length)
 * throws: a node error, the session goes on.
 */
public final class VadNode implements StreamingNode {

    private static final double FULL_SCALE = 32768.0;

    private final double thresholdDbfs;
    private final double minSpeechMs;
    private final double minSilenceMs;
    private final boolean bargeIn;
    private int sampleRate = StartFrame.Audio.DEFAULT.sampleRate();
    private boolean pcm16 = true;
    private boolean speaking;
    private double speechMs;
    private double silenceMs;

    public VadNode(ObjectNode config) {
        this.thresholdDbfs = NodeConfig.number(config, "thresholdDbfs", -40.0);
        this.minSpeechMs = NodeConfig.number(config, "minSpeechMs", 200);
        this.minSilenceMs = NodeConfig.number(config, "minSilenceMs", 600);
        this.bargeIn = NodeConfig.bool(config, "bargeIn", true);
        if (minSpeechMs < 0 || minSilenceMs < 0) {
            throw new IllegalArgumentException("config.minSpeechMs and config.minSilenceMs must not be negative");
        }
    }

    @Override
    public void onAudio(ByteBuf data, boolean json, NodeContext ctx) {
        if (pcm16) {
            detect(data, ctx);
        }
        ctx.forwardAudio(data, json);
    }

    @Override
    public void onFrame(Frame frame, NodeContext ctx) {
        if (frame instanceof StartFrame start && start.audio() != null) {
            sampleRate = start.audio().sampleRate();
            pcm16 = start.audio().encoding() == AudioEncoding.PCM16;
        }
        ctx.forward(frame);
    }

    /** Whether the caller is speaking now (for tests and other nodes). */
    public boolean speaking() {
        return speaking;
    }

    private void detect(ByteBuf data, NodeContext ctx) {
        int bytes = data.readableBytes();
        if (bytes == 0 || (bytes & 1) != 0) {
            throw new IllegalArgumentException("malformed PCM16 audio frame: " + bytes + " bytes");
        }
        int samples = bytes / 2;
        int at = data.readerIndex();
        double sumSquares = 0;
        for (int i = 0; i < samples; i++) {
            double s = data.getShortLE(at + 2 * i);
            sumSquares += s * s;
        }
        double rms = Math.sqrt(sumSquares / samples);
        double dbfs = rms == 0 ? Double.NEGATIVE_INFINITY : 20 * Math.log10(rms / FULL_SCALE);
        double frameMs = samples * 1000.0 / sampleRate;
        if (dbfs > thresholdDbfs) {
            speechMs += frameMs;
            silenceMs = 0;
            if (!speaking && speechMs >= minSpeechMs) {
                speaking = true;
                speechStarted(ctx);
            }
        } else {
            silenceMs += frameMs;
            speechMs = 0;
            if (speaking && silenceMs >= minSilenceMs) {
                speaking = false;
            }
        }
    }

    private void speechStarted(NodeContext ctx) {
        if (bargeIn && ctx.playingAudio()) {
            ctx.send(new ClearFrame());
            ctx.counters().addBargeIn();
        }
    }
}
