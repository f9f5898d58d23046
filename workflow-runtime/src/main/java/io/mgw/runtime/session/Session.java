package io.mgw.runtime.session;

import io.mgw.adapters.contract.ControlMessage;
import io.mgw.adapters.contract.DeploymentSpec;
import io.mgw.adapters.contract.workflow.GraphFormatException;
import io.mgw.adapters.frame.AudioFrame;
import io.mgw.adapters.frame.DtmfFrame;
import io.mgw.adapters.frame.EndFrame;
import io.mgw.adapters.frame.Frame;
import io.mgw.adapters.frame.InjectFrame;
import io.mgw.adapters.frame.MarkFrame;
import io.mgw.adapters.frame.ResumedFrame;
import io.mgw.adapters.frame.StartFrame;
import io.mgw.adapters.frame.StopFrame;
import io.mgw.runtime.engine.SessionCounters;
import io.mgw.runtime.engine.SessionOutput;
import io.mgw.runtime.engine.SessionState;
import io.mgw.runtime.engine.StreamingEngine;
import io.mgw.runtime.engine.StreamingGraph;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One streaming session held by this pod: its gateway link (at most one; none during the grace period), its
 * engine, and its lifecycle (start, move, grace, end, drain). Confined to one executor (the event loop of its first
 * link): every method except {@link #execute}, {@link #inExecutor} and {@link #id} runs there. Output, {@code seq}
 * stamping and events go through {@link SessionStream}.
 */
final class Session {

    private static final Logger log = LoggerFactory.getLogger(Session.class);
    static final String REASON_CALLER = "caller-hangup";
    static final String REASON_CONTROL = "ended";
    static final String REASON_LINK_LOST = "gateway-link-lost";

    private final String id;
    private final EventExecutor executor;
    private final SessionServices services;
    private final SessionRegistry registry;
    private final SessionStream stream;
    private final SessionCounters counters = new SessionCounters();
    private final StreamingEngine engine;
    private ScheduledFuture<?> graceTimer;
    private ScheduledFuture<?> metricsTimer;
    private boolean ended;

    Session(String id, DeploymentSpec spec, long lastSeq, EventExecutor executor, SessionServices services,
            SessionRegistry registry) {
        this.id = id;
        this.executor = executor;
        this.services = services;
        this.registry = registry;
        this.stream = new SessionStream(id, spec.organizationId(), lastSeq, services);
        StreamingGraph graph;
        try {
            graph = StreamingGraph.of(spec);
        } catch (GraphFormatException e) {
            stream.nodeFailed(null, "graph.invalid", e.getMessage());
            graph = StreamingGraph.empty();
        }
        this.engine = new StreamingEngine(graph, services.nodes(), stream, counters,
                new SessionState(id, spec.deploymentId(), spec.organizationId()), executor);
    }

    String id() {
        return id;
    }

    boolean inExecutor() {
        return executor.inEventLoop();
    }

    void execute(Runnable task) {
        if (executor.inEventLoop()) {
            task.run();
        } else {
            executor.execute(task);
        }
    }

    /** First link of a session new to this pod: attach, announce (unless taken over from another pod), run. */
    void start(Channel link, SessionLinkHandler handler, boolean takeover) {
        attach(link, handler, takeover);
        if (!takeover) {
            stream.state("active", null);
        }
        metricsTimer = executor.scheduleAtFixedRate(this::metricsWindow, services.metricsWindow().toMillis(),
                services.metricsWindow().toMillis(), TimeUnit.MILLISECONDS);
        engine.start();
    }

    /**
     * Moves the session to {@code link}: a previous link is closed with 1012, a takeover link first gets
     * {@code resumed} with the last {@code seq} sent, then frames produced while unlinked.
     */
    void attach(Channel link, SessionLinkHandler handler, boolean takeover) {
        if (ended) {
            SessionCloseCode.SESSION_ENDED.close(link, services.metrics());
            return;
        }
        if (graceTimer != null) {
            graceTimer.cancel(false);
            graceTimer = null;
        }
        Channel previous = stream.link(link);
        if (previous != null && previous != link) {
            SessionCloseCode.MOVED.close(previous, services.metrics());
        }
        if (takeover) {
            stream.sendUnsequenced(new ResumedFrame(stream.lastSentSeq()));
        }
        stream.flushPending();
        handler.attached(this);
    }

    /** A link closed; when it was the current one, the grace period starts. */
    void linkClosed(Channel link) {
        if (ended || !stream.unlink(link)) {
            return;
        }
        long graceMillis = services.grace().toMillis();
        if (graceMillis == 0) {
            end(REASON_LINK_LOST);
            return;
        }
        graceTimer = executor.schedule(() -> end(REASON_LINK_LOST), graceMillis, TimeUnit.MILLISECONDS);
    }

    /** Caller audio from the link (borrowed buffer). */
    void audio(ByteBuf data, boolean json) {
        if (!ended) {
            engine.audio(data, json);
        }
    }

    /** A parsed JSON frame from the link. */
    void inbound(Frame frame) {
        if (ended) {
            return;
        }
        if (frame instanceof AudioFrame audio) {
            engine.audio(Unpooled.wrappedBuffer(audio.data()), true);
        } else if (frame instanceof StopFrame stop) {
            end(stop.reason() == null || stop.reason().isBlank() ? REASON_CALLER : stop.reason());
        } else if (frame instanceof InjectFrame || frame instanceof DtmfFrame || frame instanceof MarkFrame
                || frame instanceof StartFrame) {
            engine.frame(frame);
        } else {
            // downstream frame types (transcript, end, ...) are the pod's to send, not to receive
            services.metrics().frameInvalid();
        }
    }

    /** A message from the session's control channel. */
    void control(ControlMessage message) {
        if (ended) {
            return;
        }
        switch (message.type()) {
            case ControlMessage.END -> end(message.reason() == null ? REASON_CONTROL : message.reason());
            case ControlMessage.INJECT -> {
                if (message.text() == null || message.text().isBlank()) {
                    log.debug("session {}: control inject without text ignored", id);
                } else {
                    engine.frame(new InjectFrame(message.text(), message.role()));
                }
            }
            default -> log.debug("session {}: control message {} is not the pod's", id, message.type());
        }
    }

    /**
     * Ends the session: nodes' end hooks (disposition), {@code end} with {@code reason}, close 1000, the last
     * metrics window and {@code session.state ended} on the events stream, and the pod forgets it.
     */
    void end(String reason) {
        if (ended) {
            return;
        }
        engine.end(reason);
        ended = true;
        engine.close();
        cancelTimers();
        stream.send(new EndFrame(0, reason));
        Channel link = stream.link(null);
        if (link != null) {
            SessionCloseCode.SESSION_ENDED.close(link, services.metrics());
        }
        if (!counters.isEmpty()) {
            stream.metricsWindow(counters);
        }
        stream.state("ended", reason);
        registry.remove(this);
        log.info("session {} ended: {}", id, reason);
    }

    /** The pod is draining: the link gets 1012 (the gateway moves the session elsewhere); nothing is reported as ended. */
    ChannelFuture drain() {
        ended = true;
        engine.close();
        cancelTimers();
        Channel link = stream.link(null);
        return link == null ? null : SessionCloseCode.DRAINING.close(link, services.metrics());
    }

    private void metricsWindow() {
        if (!ended) {
            stream.metricsWindow(counters);
        }
    }

    private void cancelTimers() {
        if (graceTimer != null) {
            graceTimer.cancel(false);
        }
        if (metricsTimer != null) {
            metricsTimer.cancel(false);
        }
    }

}
