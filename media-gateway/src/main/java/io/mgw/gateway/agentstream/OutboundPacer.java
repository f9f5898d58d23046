package io.mgw.gateway.agentstream;

import io.mgw.adapters.provider.ProviderMessage;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * Paces audio toward the provider in its frame size on a media clock: an audio message (one frame duration, as the
 * codec cut it) goes out as soon as the clock allows, at most {@value #LEAD_FRAMES} frame ahead of real time, so a
 * steady stream from the pod passes without waiting for a tick, a burst plays out at real time (a timer wakes the
 * queue when the next frame is due), and a late timer is caught up rather than leaving a gap. A pod that fell behind
 * in the middle of its audio (a stall: the provider played silence meanwhile) catches up by the length of the stall,
 * up to {@link #MAX_CREDIT_MILLIS} ms, so a stall does not leave a standing delay for the rest of a continuous stream
 * (the provider's own playout buffer absorbs the catch-up, and its clear drops it); the same holds for the pod's first
 * audio, counted from the call's start. Audio that starts after a longer silence (a TTS burst) gets no credit and is
 * paced from its first frame. Non-audio messages (marks) keep their
 * place behind the audio queued before them and go out as soon as they reach the head; a clear skips the queue and
 * drops it.
 * Event-loop confined; messages are written through the pipeline ({@link ProviderFrameCodec} turns them into frames).
 */
final class OutboundPacer {

    /** Messages queued at most (a minute of 20 ms frames): a pod that runs far ahead loses its oldest audio. */
    static final int MAX_QUEUED = 3000;
    /** How far ahead of real time audio may be sent: absorbs the pod's jitter, keeps a clear effective. */
    static final int LEAD_FRAMES = 1;
    /**
     * How much of an underrun a late pod may make up by sending faster than real time. Without it, one 800 ms stall
     * of an echoing pod measured here kept every later echo 770 ms late until the call ended.
     */
    static final long MAX_CREDIT_MILLIS = 2_000;
    /** A pause in the pod's audio longer than this is a silence, not a stall. */
    static final long HICCUP_MILLIS = 2_000;

    private record Queued(ProviderMessage message, boolean audio) {
    }

    private final ChannelHandlerContext ctx;
    private final long frameNanos;
    private final ArrayDeque<Queued> queue = new ArrayDeque<>();
    private long nextDueNanos;
    private long lastAudioNanos;
    private boolean audioSent;
    private ScheduledFuture<?> wake;
    private boolean running;
    private boolean stopped;
    /** What waits for the queue to play out ({@link #afterPlayout}), in the order asked. */
    private final ArrayDeque<Runnable> afterPlayout = new ArrayDeque<>();

    OutboundPacer(ChannelHandlerContext ctx, long frameMs) {
        this.ctx = ctx;
        this.frameNanos = frameMs * 1_000_000L;
    }

    /** Starts pacing (once) on a media clock that starts now. */
    void start() {
        start(System.nanoTime());
    }

    /**
     * Starts pacing (once) on the call's media clock, which began at {@code mediaStartNanos} (the provider's start:
     * the caller has heard silence since). The pod's first audio within {@link #HICCUP_MILLIS} of it is late by that
     * much and may make it up, as after a stall: the echo of what the caller said while the pod was being connected
     * goes out at once instead of leaving that wait as a standing delay for the rest of the call.
     */
    void start(long mediaStartNanos) {
        if (!running && !stopped) {
            running = true;
            nextDueNanos = mediaStartNanos;
            lastAudioNanos = mediaStartNanos;
            audioSent = true;
            pump();
        }
    }

    /** Queues audio: each message is one frame duration. */
    void audio(Iterable<ProviderMessage> messages) {
        if (!hasAudioQueued()) {
            long now = System.nanoTime();
            boolean hiccup = audioSent && now - lastAudioNanos < HICCUP_MILLIS * 1_000_000;
            nextDueNanos = Math.max(nextDueNanos, hiccup ? now - MAX_CREDIT_MILLIS * 1_000_000 : now);
        }
        for (ProviderMessage m : messages) {
            if (queue.size() >= MAX_QUEUED) {
                queue.poll();
            }
            queue.add(new Queued(m, true));
        }
        pump();
    }

    /** Queues control messages behind the audio before them; sent at once when nothing is ahead. */
    void control(Iterable<ProviderMessage> messages) {
        for (ProviderMessage m : messages) {
            queue.add(new Queued(m, false));
        }
        pump();
    }

    /** Drops queued audio and marks, then sends {@code messages} (the provider's clear) ahead of everything. */
    void clear(Iterable<ProviderMessage> messages) {
        queue.clear();
        for (ProviderMessage m : messages) {
            ctx.write(m);
        }
        ctx.flush();
        runAfterPlayout();
    }

    /**
     * Runs {@code then} once everything queued has gone out (at once when nothing is), or after {@code limit}
     * whatever is left: a pod that ends or hangs up right after its goodbye has it heard to the end.
     */
    void afterPlayout(Duration limit, Runnable then) {
        if (queue.isEmpty() || !running) {
            then.run();
            return;
        }
        Runnable once = new Runnable() {
            private boolean ran;

            @Override
            public void run() {
                if (!ran) {
                    ran = true;
                    afterPlayout.remove(this);
                    if (!stopped) {
                        then.run();
                    }
                }
            }
        };
        afterPlayout.add(once);
        ctx.executor().schedule(once, limit.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Stops pacing and forgets the queue and what waited for it (the call is over). */
    void stop() {
        stopped = true;
        running = false;
        if (wake != null) {
            wake.cancel(false);
            wake = null;
        }
        queue.clear();
        afterPlayout.clear(); // the call is over: nothing waits for its audio
    }

    /** Sends what the clock allows; when audio still waits, wakes up when the next frame is due. */
    private void pump() {
        if (!running || !ctx.channel().isActive()) {
            return;
        }
        long now = System.nanoTime();
        boolean wrote = false;
        while (!queue.isEmpty()) {
            Queued head = queue.peek();
            if (head.audio()) {
                if (nextDueNanos > now + LEAD_FRAMES * frameNanos) {
                    break;
                }
                nextDueNanos += frameNanos;
                lastAudioNanos = now;
                audioSent = true;
            }
            ctx.write(queue.poll().message());
            wrote = true;
        }
        if (wrote) {
            ctx.flush();
        }
        if (!queue.isEmpty() && wake == null) {
            long delay = Math.max(0, nextDueNanos - LEAD_FRAMES * frameNanos - now);
            wake = ctx.executor().schedule(this::woken, delay, TimeUnit.NANOSECONDS);
        }
        if (queue.isEmpty()) {
            runAfterPlayout();
        }
    }

    private void runAfterPlayout() {
        while (!afterPlayout.isEmpty()) {
            afterPlayout.peek().run(); // removes itself
        }
    }

    private void woken() {
        wake = null;
        pump();
    }

    private boolean hasAudioQueued() {
        for (Queued q : queue) {
            if (q.audio()) {
                return true;
            }
        }
        return false;
    }
}
