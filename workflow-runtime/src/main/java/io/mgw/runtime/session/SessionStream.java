package io.mgw.runtime.session;

import io.mgw.adapters.frame.AudioFrame;
import io.mgw.adapters.frame.ErrorFrame;
import io.mgw.adapters.frame.Frame;
import io.mgw.adapters.frame.FrameJson;
import io.mgw.adapters.frame.MetricsFrame;
import io.mgw.adapters.frame.SequencedFrame;
import io.mgw.adapters.frame.TranscriptFrame;
import io.mgw.runtime.engine.SessionCounters;
import io.mgw.runtime.engine.SessionOutput;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session's downstream: the current link, {@code seq} stamping (every {@link SequencedFrame} gets the next one,
 * strictly increasing, continuing from the {@code last_seq} a takeover brought), frames produced while unlinked
 * (kept, bounded, and sent after the next link's {@code resumed}), and the events that mirror frames (transcript,
 * error, metrics) plus session state. Confined to the session's executor.
 */
final class SessionStream implements SessionOutput {

    private static final Logger log = LoggerFactory.getLogger(SessionStream.class);
    /** Sequenced frames kept while no link is attached; beyond this the oldest go (the resume buffer reports gaps). */
    static final int MAX_PENDING = 1024;
    private static final long PLAYING_NANOS = 300_000_000L;
    private static final String DEFAULT_ORG = "default";

    private final String sessionId;
    private final String org;
    private final SessionServices services;
    private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
    private Channel link;
    private long seq;
    private long lastSentSeq;
    private long lastAudioOutNanos;
    private boolean audioSent;
    private Instant windowStart = Instant.now();

    SessionStream(String sessionId, String org, long lastSeq, SessionServices services) {
        this.sessionId = sessionId;
        this.org = org == null || org.isBlank() ? DEFAULT_ORG : org;
        this.services = services;
        this.seq = lastSeq;
        this.lastSentSeq = lastSeq;
    }

    /** Makes {@code next} (may be null) the current link; returns the previous one. */
    Channel link(Channel next) {
        Channel previous = link;
        link = next;
        return previous;
    }

    /** Drops {@code closed} when it is the current link; true when it was. */
    boolean unlink(Channel closed) {
        if (link != closed) {
            return false;
        }
        link = null;
        return true;
    }

    /** The highest {@code seq} written to a link (what a gateway may have buffered). */
    long lastSentSeq() {
        return lastSentSeq;
    }

    /** Writes the frames kept while unlinked, in order. */
    void flushPending() {
        while (link != null && !pending.isEmpty()) {
            write(pending.poll());
        }
        if (link != null) {
            lastSentSeq = seq;
        }
    }

    @Override
    public void sendAudio(ByteBuf data, boolean json) {
        if (link == null) {
            return;
        }
        lastAudioOutNanos = System.nanoTime();
        audioSent = true;
        services.metrics().frameOut();
        if (json) {
            link.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(
                    FrameJson.writeBytes(new AudioFrame(ByteBufUtil.getBytes(data))))));
        } else {
            link.writeAndFlush(new BinaryWebSocketFrame(data.retainedDuplicate()));
        }
    }

    @Override
    public void send(Frame frame) {
        if (!(frame instanceof SequencedFrame sequenced)) {
            sendUnsequenced(frame);
            return;
        }
        SequencedFrame stamped = sequenced.withSeq(++seq);
        mirror(stamped);
        byte[] json = FrameJson.writeBytes(stamped);
        if (link == null) {
            if (pending.size() == MAX_PENDING) {
                pending.poll();
            }
            pending.add(json);
            return;
        }
        write(json);
        lastSentSeq = seq;
    }

    /** A frame without {@code seq} (clear, mark, resumed...), to the current link only. */
    void sendUnsequenced(Frame frame) {
        if (link != null) {
            write(FrameJson.writeBytes(frame));
        }
    }

    @Override
    public boolean playingAudio() {
        return audioSent && System.nanoTime() - lastAudioOutNanos < PLAYING_NANOS;
    }

    @Override
    public void nodeFailed(String nodeId, String code, String message) {
        services.metrics().nodeFailed();
        log.warn("session {}: node {} failed: {} {}", sessionId, nodeId, code, message);
        send(new ErrorFrame(0, code, message, nodeId));
    }

    @Override
    public void handoff(String fromAgent, String toAgent, String reason, Instant startedAt, Instant completedAt) {
        services.events().publish(services.eventFactory().handoff(org, sessionId, fromAgent, toAgent, reason,
                startedAt, completedAt));
    }

    /** A {@code session.state} event. */
    void state(String state, String reason) {
        services.events().publish(services.eventFactory().sessionState(org, sessionId, state, reason));
    }

    /** Closes the current metrics window: a {@code metrics} frame and event; the counters start over. */
    void metricsWindow(SessionCounters counters) {
        Instant end = services.eventFactory().now();
        Instant start = windowStart.isAfter(end) ? end : windowStart;
        send(new MetricsFrame(0, start.toString(), end.toString(), counters.asrWords(), counters.ttsChars(),
                counters.bargeIns()));
        services.events().publish(services.eventFactory().metrics(org, sessionId, start, end, counters.asrWords(),
                counters.ttsChars(), counters.bargeIns()));
        counters.reset();
        windowStart = end;
    }

    /** The events that mirror downstream frames. */
    private void mirror(SequencedFrame frame) {
        var factory = services.eventFactory();
        if (frame instanceof TranscriptFrame transcript) {
            services.events().publish(factory.transcript(org, sessionId, transcript.role(), transcript.text(),
                    instant(transcript.emittedAt())));
        } else if (frame instanceof ErrorFrame error) {
            services.events().publish(factory.error(org, sessionId, error.code(),
                    error.message() == null ? error.code() : error.message(), error.nodeId()));
        }
    }

    private void write(byte[] json) {
        services.metrics().frameOut();
        link.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(json)));
    }

    private static Instant instant(String iso) {
        if (iso == null) {
            return null;
        }
        try {
            return Instant.parse(iso).truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
