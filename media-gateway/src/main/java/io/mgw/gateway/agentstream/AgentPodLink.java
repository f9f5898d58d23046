package io.mgw.gateway.agentstream;

import io.mgw.adapters.frame.AudioFrame;
import io.mgw.adapters.frame.Frame;
import io.mgw.adapters.frame.FrameJson;
import io.mgw.adapters.frame.ParseResult;
import io.mgw.adapters.frame.ResumedFrame;
import io.mgw.gateway.close.CloseCode;
import io.mgw.gateway.close.CloseOnErrorHandler;
import io.mgw.gateway.upstream.PodSelector;
import io.mgw.gateway.upstream.UpstreamListener;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The call's leg to a pod of its deployment: picks a pod with room (as the session socket does), takes the
 * deployment's slot, connects within the connect budget. When the pod dies mid-call (its connection drops or it
 * closes with anything but 1000) the call moves: a takeover connection ({@code takeover=1}) to another pod, within
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

    private static final long RETRY_MILLIS = 100;

    private final AgentStreamServices svc;
    private final CallEvents events;
    private final AgentCall call;
    private final Listener listener;
    private final Set<String> dead = new HashSet<>();
    private final Set<String> tried = new HashSet<>();
    private Leg leg;
    private Channel upstream;
    private String podId;
    private long deadline;

    AgentPodLink(AgentStreamServices svc, CallEvents events, AgentCall call, Listener listener) {
        this.svc = svc;
        this.events = events;
        this.call = call;
        this.listener = listener;
    }

    /** Connects to a first pod. */
    void connect() {
        deadline = System.nanoTime() + svc.config().sessionSocket().connectBudget().toNanos();
        attempt(false);
    }

    /** Whether a pod is connected now (frames for it can be sent). */
    boolean live() {
        return upstream != null && upstream.isActive();
    }

    /** Writes a frame toward the pod (audio as binary PCM16, the rest as JSON); call {@link #flush} after a batch. */
    void send(Frame frame) {
        if (!live()) {
            return;
        }
        if (frame instanceof AudioFrame audio) {
            upstream.write(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(FrameJson.toBinary(audio))));
        } else {
            upstream.write(new TextWebSocketFrame(FrameJson.write(frame)));
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

    private void attempt(boolean takeover) {
        if (call.closing()) {
            return;
        }
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            listener.podFailed(takeover ? "pod lost, no pod took the call" : "no pod within the connect budget");
            return;
        }
        String deployment = call.admission.deploymentId();
        svc.pods().select(deployment, null, tried).whenComplete((choice, error) -> onLoop(() -> {
            if (!(choice instanceof PodSelector.Choice.Pod pod) || dead.contains(pod.id())) {
                retry(takeover);
                return;
            }
            tried.add(pod.id());
            svc.admission().admit(deployment, call.admission.sessionId(), call.admission.maxConcurrentSessions())
                    .whenComplete((admitted, e2) -> onLoop(() -> {
                        if (Boolean.TRUE.equals(admitted)) {
                            open(pod, left, takeover);
                        } else {
                            retry(takeover);
                        }
                    }));
        }));
    }

    private void retry(boolean takeover) {
        tried.clear();
        tried.addAll(dead);
        call.channel.eventLoop().schedule(() -> attempt(takeover), RETRY_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void open(PodSelector.Choice.Pod pod, long timeoutMillis, boolean takeover) {
        Leg mine = new Leg();
        leg = mine;
        svc.connector().connect(call.channel, pod.url(), call.admission.sessionId(), call.admission.deploymentId(),
                takeover, timeoutMillis, mine).addListener(f -> {
                    if (leg != mine || call.closing()) {
                        if (f.isSuccess()) {
                            CloseOnErrorHandler.closeUpstream((Channel) f.getNow(), CloseCode.CLIENT_GONE);
                        }
                        return;
                    }
                    if (!f.isSuccess()) {
                        svc.admission().release(call.admission.deploymentId(), call.admission.sessionId(), svc.gatewayId());
                        retry(takeover);
                        return;
                    }
                    upstream = (Channel) f.getNow();
                    podId = pod.id();
                    if (takeover) {
                        events.state(call, CallEvents.ACTIVE, "call moved to another pod");
                    }
                    listener.podLive(takeover);
                });
    }

    /** The current pod is gone mid-call: move the call to another one. */
    private void lost(String detail) {
        leg = null;
        upstream = null;
        dead.add(podId);
        tried.clear();
        tried.addAll(dead);
        if (call.closing()) {
            return;
        }
        events.state(call, CallEvents.CONNECTING, detail + ", moving the call");
        deadline = System.nanoTime() + svc.config().sessionSocket().connectBudget().toNanos();
        attempt(true);
    }

    private void onLoop(Runnable task) {
        call.channel.eventLoop().execute(() -> {
            if (!call.closing()) {
                task.run();
            }
        });
    }

    /** One connection's events; those of a connection that is no longer the call's are ignored. */
    private final class Leg implements UpstreamListener {
        @Override
        public void onPodFrame(WebSocketFrame frame) {
            if (frame == null) {
                call.channel.flush(); // end of a read batch from the pod
                return;
            }
            try {
                if (leg != this) {
                    return;
                }
                ParseResult<Frame> parsed;
                if (frame instanceof BinaryWebSocketFrame) {
                    parsed = ParseResult.ok(FrameJson.parseBinary(ByteBufUtil.getBytes(frame.content())));
                } else if (frame instanceof TextWebSocketFrame text) {
                    parsed = FrameJson.parse(text.text());
                } else {
                    return;
                }
                if (parsed instanceof ParseResult.Ok<Frame> ok) {
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
