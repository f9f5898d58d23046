package io.mgw.gateway.agentstream;

import io.mgw.adapters.frame.Frame;
import io.mgw.adapters.frame.ParseResult;
import io.mgw.adapters.frame.ResumedFrame;
import io.mgw.gateway.close.CloseCode;
import io.mgw.gateway.close.CloseOnErrorHandler;
import io.mgw.gateway.upstream.UpstreamListener;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.HashSet;
import java.util.Set;

/**
 * The call's leg to a pod of its deployment, connected by a {@link PodDialer} within the connect budget (as the
 * session socket does). When the pod dies mid-call (its connection drops or it closes with anything but 1000) the
 * call moves: a takeover connection ({@code takeover=1}) to another pod, within
 * a fresh budget, with a {@code session.state} event on each side of the move; when no pod takes it, the listener
 * hears {@link Listener#podFailed} (the call closes with 1011). Event-loop confined: the upstream shares the
 * provider channel's loop. Pod frames are parsed here; the buffers are released here.
 */
final class AgentPodLink {

    /** What the relay hears from the pod side. */
    interface Listener {
        /** A pod is connected; {@code moved} after a takeover (the pod needs the call's start again). */
        void podLive(boolean moved);

        /** A canonical frame from the pod. */
        void podFrame(Frame frame);

        /** The pod ended the call with a normal close. */
        void podEnded();

        /** No pod could be connected (at first, or after losing one): the call cannot go on. */
        void podFailed(String detail);
    }

    private final AgentStreamServices svc;
    private final CallEvents events;
    private final AgentCall call;
    private final Listener listener;
    private final Set<String> dead = new HashSet<>();
    private Leg leg;
    private Channel upstream;
    private String podId;

    AgentPodLink(AgentStreamServices svc, CallEvents events, AgentCall call, Listener listener) {
        this.svc = svc;
        this.events = events;
        this.call = call;
        this.listener = listener;
    }

    /** Connects to a first pod. */
    void connect() {
        dial(false);
    }

    /** Whether a pod is connected now (frames for it can be sent). */
    boolean live() {
        return upstream != null && upstream.isActive();
    }

    /** Writes a frame toward the pod (audio as binary PCM16, the rest as JSON); call {@link #flush} after a batch. */
    void send(Frame frame) {
        if (live()) {
            upstream.write(PodFrames.toWire(frame));
        }
    }

    void flush() {
        if (upstream != null) {
            upstream.flush();
        }
    }

    /** Lets the pod go with {@code code} (after a last frame, if any); later events of its leg are ignored. */
    void close(CloseCode code) {
        leg = null;
        if (upstream != null) {
            CloseOnErrorHandler.closeUpstream(upstream, code);
            upstream = null;
        }
    }

    private void dial(boolean takeover) {
        Leg[] opened = new Leg[1];
        new PodDialer(svc, call, dead, takeover, () -> {
            opened[0] = new Leg();
            leg = opened[0];
            return opened[0];
        }, connected -> {
            if (leg != opened[0]) {
                return;
            }
            upstream = connected.channel();
            podId = connected.podId();
            if (takeover) {
                events.state(call, CallEvents.ACTIVE, "call moved to another pod");
            }
            listener.podLive(takeover);
        }, listener::podFailed).start();
    }

    /** The current pod is gone mid-call: move the call to another one. */
    private void lost(String detail) {
        leg = null;
        upstream = null;
        dead.add(podId);
        if (call.closing()) {
            return;
        }
        events.state(call, CallEvents.CONNECTING, detail + ", moving the call");
        dial(true);
    }

    /** One connection's events; those of a connection that is no longer the call's are ignored. */
    private final class Leg implements UpstreamListener {
        @Override
        public void onPodFrame(ByteBufHolder frame) {
            if (frame == null) {
                call.channel.flush(); // end of a read batch from the pod
                return;
            }
            try {
                if (leg != this) {
                    return;
                }
                if (frame instanceof WebSocketFrame ws && PodFrames.parse(ws) instanceof ParseResult.Ok<Frame> ok) {
                    if (!(ok.value() instanceof ResumedFrame)) { // a takeover's first frame: ours, not the caller's
                        listener.podFrame(ok.value());
                    }
                } else {
                    call.dropped(AgentCall.FROM_POD);
                }
            } finally {
                frame.release();
            }
        }

        @Override
        public void onPodClose(int code) {
            if (leg == this) {
                if (code == CloseCode.CALL_ENDED.code()) {
                    leg = null;
                    listener.podEnded();
                } else {
                    lost("pod closed with " + code);
                }
            }
        }

        @Override
        public void onPodInactive() {
            if (leg == this && upstream != null) {
                lost("pod connection lost");
            }
        }

        @Override
        public void onPodWritability(boolean writable) {
            call.channel.config().setAutoRead(writable);
        }
    }
}
