package io.mgw.gateway.agentstream;

import io.mgw.adapters.provider.ProviderMessage;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * Paces audio toward the provider in its frame size: one audio message (one frame duration, as the codec cut it)
 * per tick of a fixed-rate timer on the channel's event loop, so a burst from the pod plays out at real time and a
 * late tick is caught up rather than leaving a gap. Non-audio messages (marks) keep their place behind the audio
 * queued before them and go out as soon as they reach the head; a clear skips the queue and drops it. Event-loop
 * confined; messages are written through the pipeline ({@link ProviderFrameCodec} turns them into frames).
 */
final class OutboundPacer {

    /** Messages queued at most (a minute of 20 ms frames): a pod that runs far ahead loses its oldest audio. */
    static final int MAX_QUEUED = 3000;

    private record Queued(ProviderMessage message, boolean audio) {
    }

    private final ChannelHandlerContext ctx;
    private final long frameMs;
    private final ArrayDeque<Queued> queue = new ArrayDeque<>();
    private ScheduledFuture<?> ticker;

    OutboundPacer(ChannelHandlerContext ctx, long frameMs) {
        this.ctx = ctx;
        this.frameMs = frameMs;
    }

    /** Starts the clock (once). */
    void start() {
        if (ticker == null) {
            ticker = ctx.executor().scheduleAtFixedRate(this::tick, frameMs, frameMs, TimeUnit.MILLISECONDS);
        }
    }

    /** Queues audio: each message is one frame duration. */
    void audio(Iterable<ProviderMessage> messages) {
        for (ProviderMessage m : messages) {
            if (queue.size() >= MAX_QUEUED) {
                queue.poll();
            }
            queue.add(new Queued(m, true));
        }
    }

    /** Queues control messages behind the audio before them; sent at once when nothing is ahead. */
    void control(Iterable<ProviderMessage> messages) {
        for (ProviderMessage m : messages) {
            queue.add(new Queued(m, false));
        }
        if (drainControl()) {
            ctx.flush();
        }
    }

    /** Drops queued audio and marks, then sends {@code messages} (the provider's clear) ahead of everything. */
    void clear(Iterable<ProviderMessage> messages) {
        queue.clear();
        for (ProviderMessage m : messages) {
            ctx.write(m);
        }
        ctx.flush();
    }

    /** Stops the clock and forgets the queue (the call is over). */
    void stop() {
        if (ticker != null) {
            ticker.cancel(false);
        }
        queue.clear();
    }

    private void tick() {
        if (!ctx.channel().isActive()) {
            return;
        }
        boolean wrote = drainControl();
        Queued next = queue.poll();
        if (next != null) {
            ctx.write(next.message());
            wrote = true;
            wrote |= drainControl();
        }
        if (wrote) {
            ctx.flush();
        }
    }

    private boolean drainControl() {
        boolean wrote = false;
        while (!queue.isEmpty() && !queue.peek().audio()) {
            ctx.write(queue.poll().message());
            wrote = true;
        }
        return wrote;
    }
}
