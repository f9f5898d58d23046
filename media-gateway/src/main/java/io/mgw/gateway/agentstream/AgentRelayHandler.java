package io.mgw.gateway.agentstream;

import io.mgw.adapters.frame.AudioFrame;
import io.mgw.adapters.frame.ClearFrame;
import io.mgw.adapters.frame.DtmfFrame;
import io.mgw.adapters.frame.EndFrame;
import io.mgw.adapters.frame.Frame;
import io.mgw.adapters.frame.StopFrame;
import io.mgw.adapters.provider.CodecOptions;
import io.mgw.adapters.provider.DecodeResult;
import io.mgw.adapters.provider.EncodeResult;
import io.mgw.gateway.close.CloseCode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import java.time.Duration;
import java.util.ArrayDeque;

/**
 * The transcoding bridge of an admitted call: provider results (already canonical frames, from
 * {@link ProviderFrameCodec}) go to the pod through {@link AgentPodLink}; the pod's frames go back through the
 * provider's codec, audio and marks paced by {@link OutboundPacer}, a clear at once, and call-control frames to
 * {@link AgentCallControl} ({@code hangup} and {@code transfer}, like {@code end}, once the audio queued before them
 * has played out, {@link #MAX_PLAYOUT_WAIT} at most). Frames that arrive while no pod is connected (before the first,
 * during a move) are held, up to a second of audio. A bad frame after the handshake is dropped and counted; the call
 * goes on.
 */
final class AgentRelayHandler extends ChannelInboundHandlerAdapter implements AgentPodLink.Listener {

    /** Frames held while no pod is connected (1 s of 20 ms audio). */
    static final int MAX_HELD_FRAMES = 50;
    /** How long an ending call waits for audio the pod queued before its {@code end}, {@code hangup} or close. */
    static final Duration MAX_PLAYOUT_WAIT = Duration.ofSeconds(10);

    private final AgentStreamServices svc;
    private final CallEvents events;
    private final AgentCall call;
    private final AgentCallControl callControl;
    private final ArrayDeque<Frame> held = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private AgentPodLink pod;
    private OutboundPacer pacer;

    AgentRelayHandler(AgentStreamServices svc, CallEvents events, AgentCall call) {
        this.svc = svc;
        this.events = events;
        this.call = call;
        this.callControl = new AgentCallControl(call);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.pacer = new OutboundPacer(ctx, CodecOptions.defaults().frameMs());
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ProviderHandshakeHandler.CallAdmitted) {
            pod = new AgentPodLink(svc, events, call, this);
            pod.connect();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof DecodeResult.Frames frames) {
            frames.frames().forEach(this::toPod);
            if (pod != null && pod.live()) {
                pod.flush();
                endIfStopped();
            }
        } else if (msg instanceof DecodeResult.Rejected || msg instanceof DecodeResult.Started) {
            call.dropped(AgentCall.FROM_PROVIDER); // after the handshake: a bad or repeated message, not fatal
        } else if (!(msg instanceof DecodeResult)) {
            if (msg instanceof CloseWebSocketFrame) {
                CallTeardown.callerGone(call, pod); // now, not when the socket has finished closing
            }
            ctx.fireChannelRead(msg);
        }
    }

    private void toPod(Frame frame) {
        if (frame instanceof StopFrame) {
            call.stopSeen = true;
        }
        if (pod != null && pod.live()) {
            pod.send(frame);
        } else {
            if (held.size() >= MAX_HELD_FRAMES) {
                held.poll();
            }
            held.add(frame);
        }
    }

    @Override
    public void podLive(boolean moved) {
        pod.send(call.info.toStartFrame(call.admission.sessionId(), CodecOptions.defaults().podFormat(),
                CodecOptions.defaults().frameMs()));
        while (!held.isEmpty()) {
            pod.send(held.poll());
        }
        pod.flush();
        pacer.start(call.mediaStartNanos);
        endIfStopped();
    }

    private void endIfStopped() {
        if (call.stopSeen) {
            call.close(CloseCode.CALL_ENDED, "provider stop");
        }
    }

    @Override
    public void podFrame(Frame frame) {
        if (frame instanceof DtmfFrame) {
            callControl.onFrame(frame);
        } else if (AgentCallControl.handles(frame)) {
            // A hangup or transfer right after the goodbye waits for the goodbye to be heard.
            pacer.afterPlayout(MAX_PLAYOUT_WAIT, () -> callControl.onFrame(frame));
        } else if (frame instanceof EndFrame) {
            call.endedByPod = true;
            if (call.codec.encode(frame) instanceof EncodeResult.Send tail) {
                pacer.audio(tail.messages()); // the codec's last part-frame of audio
            }
            pacer.afterPlayout(MAX_PLAYOUT_WAIT, () -> call.close(CloseCode.CALL_ENDED, "pod ended the call"));
        } else {
            EncodeResult result = call.codec.encode(frame);
            if (result instanceof EncodeResult.Send send) {
                if (frame instanceof ClearFrame) {
                    pacer.clear(send.messages()); // before any queued audio
                } else if (frame instanceof AudioFrame) {
                    pacer.audio(send.messages());
                } else {
                    pacer.control(send.messages());
                }
            } else if (result instanceof EncodeResult.Unsupported) {
                call.dropped(AgentCall.FROM_POD);
            }
        }
    }

    @Override
    public void podEnded() {
        call.endedByPod = true;
        pacer.afterPlayout(MAX_PLAYOUT_WAIT, () -> call.close(CloseCode.CALL_ENDED, "pod closed"));
    }

    @Override
    public void podFailed(String detail) {
        call.close(CloseCode.SERVER_ERROR, detail);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        pacer.stop();
        held.clear();
        new CallTeardown(svc, events).run(call, pod);
        ctx.fireChannelInactive();
    }
}
