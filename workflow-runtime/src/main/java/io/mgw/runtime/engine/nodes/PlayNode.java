package io.mgw.runtime.engine.nodes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mgw.adapters.frame.DtmfFrame;
import io.mgw.adapters.frame.Frame;
import io.mgw.runtime.engine.NodeContext;
import io.mgw.runtime.engine.NodeServices;
import io.mgw.runtime.engine.StreamingNode;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * {@code play}: plays an {@code asset} ({@link AudioAssets}: WAV or raw PCM16), else a {@code tone} of
 * {@code durationMs} (default 1000), else {@code silenceMs} of silence, to the caller in the session's format
 * (encoding and rate of {@code start.audio}; resampled and encoded per frame, so a late {@code start} is honoured).
 * Frames of {@code start.audio.frame_ms} (20 ms) go out paced in real time on the session's executor. Plays at
 * session start when it is a root and whenever it is routed to; when done it activates its {@code output} port.
 * With {@code interruptible} (default true) a barge-in ({@code clear}) or a digit stops it. Frames pass on. An asset
 * that is missing or not playable is a node error ({@code play.asset_not_found}, {@code play.unsupported_format}).
 */
public final class PlayNode implements StreamingNode {

    private static final int DEFAULT_FRAME_MS = 20;

    private final String asset;
    private final int tone;
    private final long durationMs;
    private final long silenceMs;
    private final boolean interruptible;
    private final int rawSampleRate;
    private final boolean root;
    private final NodeServices services;
    private Future<?> timer;
    private ClipPlayback playback;
    private int generation;

    public PlayNode(ObjectNode config, boolean root, NodeServices services) {
        this.asset = NodeConfig.text(config, "asset", null);
        this.tone = (int) NodeConfig.integer(config, "tone", 0, 20, 3_999);
        this.durationMs = NodeConfig.integer(config, "durationMs", 1_000, 1, 600_000);
        this.silenceMs = NodeConfig.integer(config, "silenceMs", 0, 1, 600_000);
        this.interruptible = NodeConfig.bool(config, "interruptible", true);
        this.rawSampleRate = (int) NodeConfig.integer(config, "sampleRate", 16_000, 8_000, 48_000);
        if ((asset == null || asset.isBlank()) && tone == 0 && silenceMs == 0) {
            throw new IllegalArgumentException("config needs one of asset, tone or silenceMs");
        }
        if (asset != null && !asset.isBlank()) {
            AudioAssets.check(asset, services.assetsDir());
        }
        this.root = root;
        this.services = services;
    }

    @Override
    public void onStart(NodeContext ctx) {
        if (root) {
            play(ctx);
        }
    }

    @Override
    public void onActivate(NodeContext ctx) {
        play(ctx);
    }

    @Override
    public void onFrame(Frame frame, NodeContext ctx) {
        if (frame instanceof DtmfFrame && interruptible) {
            stop();
        }
        ctx.forward(frame);
    }

    @Override
    public void onBargeIn(NodeContext ctx) {
        if (interruptible) {
            stop();
        }
    }

    @Override
    public void onEnd(String reason, NodeContext ctx) {
        stop();
    }

    private void play(NodeContext ctx) {
        stop();
        int playing = ++generation;
        int rate = ctx.session().audio().sampleRate();
        if (asset == null || asset.isBlank()) {
            start(tone > 0 ? PcmClip.tone(tone, durationMs, rate) : PcmClip.silence(silenceMs, rate), ctx);
            return;
        }
        Path dir = services.assetsDir();
        ctx.whenDone(CompletableFuture.supplyAsync(() -> AudioAssets.load(asset, dir, rawSampleRate),
                services.http().blocking()), loaded -> {
                    if (playing == generation) {
                        start(loaded, ctx);
                    }
                });
    }

    private void start(PcmClip clip, NodeContext ctx) {
        playback = new ClipPlayback(clip, frameMs(ctx));
        if (tick(ctx)) {
            timer = ctx.every(frameMs(ctx), () -> tick(ctx));
        }
    }

    /** Sends the frames due; when the clip is done, stops and continues on {@code output}. */
    private boolean tick(NodeContext ctx) {
        if (playback == null) {
            return false;
        }
        if (playback.sendDue(ctx)) {
            return true;
        }
        stop();
        ctx.activate("output");
        return false;
    }

    private void stop() {
        generation++;
        playback = null;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private static int frameMs(NodeContext ctx) {
        int configured = ctx.session().audio().frameMs();
        return configured >= 10 && configured <= 100 ? configured : DEFAULT_FRAME_MS;
    }
}
