package io.mgw.gateway.agentstream;

import io.mgw.adapters.audio.AudioFormat;
import io.mgw.adapters.contract.AgentRoute;
import io.mgw.adapters.contract.CallAdmission;
import io.mgw.adapters.contract.CallAdmissionRequest;
import io.mgw.adapters.contract.RedisKeys;
import io.mgw.adapters.contract.TelephonyRoute;
import io.mgw.adapters.contract.events.EventJson;
import io.mgw.adapters.frame.AudioFrame;
import io.mgw.adapters.frame.ClearFrame;
import io.mgw.adapters.frame.EndFrame;
import io.mgw.adapters.frame.Frame;
import io.mgw.adapters.frame.FrameJson;
import io.mgw.adapters.frame.HangupFrame;
import io.mgw.adapters.frame.ParseResult;
import io.mgw.adapters.frame.StopFrame;
import io.mgw.adapters.frame.TransferFrame;
import io.mgw.adapters.provider.CallControlResult;
import io.mgw.adapters.provider.CallHandle;
import io.mgw.adapters.provider.CallInfo;
import io.mgw.adapters.provider.CodecOptions;
import io.mgw.adapters.provider.DecodeResult;
import io.mgw.adapters.provider.EncodeResult;
import io.mgw.adapters.provider.ProviderAdapter;
import io.mgw.adapters.provider.ProviderCodec;
import io.mgw.adapters.provider.ProviderMessage;
import io.mgw.adapters.provider.TransferRequest;
import io.mgw.gateway.close.CloseCode;
import io.mgw.gateway.close.CloseOnErrorHandler;
import io.mgw.gateway.close.ConnectionStats;
import io.mgw.gateway.close.GatewayException;
import io.mgw.gateway.upstream.PodSelector;
import io.mgw.gateway.upstream.UpstreamListener;
import io.netty.buffer.ByteBufHolder;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent-stream call, on its channel's event loop: the provider handshake under a deadline, the agent and
 * configuration lookups, the provider-side validation, the admission, the pod connection, then the relay with
 * transcoding through the provider's {@link ProviderCodec} (never a branch on a provider name). Every close goes
 * through {@link CloseOnErrorHandler} as a {@link GatewayException}. A session exists only after admission; every
 * failure after it releases the session.
 */
public final class AgentStreamHandler extends ChannelInboundHandlerAdapter implements UpstreamListener {

    /** The provider's API must answer the validation within this. */
    public static final Duration PROVIDER_TIMEOUT = Duration.ofSeconds(3);
    /** Per attempt: two attempts and the backoff fit in {@link #PROVIDER_TIMEOUT}, so no retry outlives the call. */
    public static final Duration PROVIDER_ATTEMPT_TIMEOUT = Duration.ofMillis(1400);
    /** Frames held while the call is admitted and a pod connected (1 s of 20 ms audio). */
    private static final int MAX_HELD_FRAMES = 50;
    private static final String CALLER_GONE = "{\"type\":\"stop\",\"reason\":\"caller-gone\"}";

    private static final Logger log = LoggerFactory.getLogger(AgentStreamHandler.class);

    private enum State { HANDSHAKE, ADMITTING, CONNECTING, LIVE, CLOSED }

    private final AgentStreamServices svc;
    private final String providerName;
    private final String agentUuid;
    private final Map<String, String> query;
    private final ConnectionStats stats;

    private ChannelHandlerContext ctx;
    private State state = State.HANDSHAKE;
    private ProviderAdapter adapter;
    private ProviderCodec codec;
    private AgentRoute agent;
    private boolean agentPending = true;
    private CallInfo call;
    private CallHandle handle;
    private CallAdmission admission;
    private ScheduledFuture<?> handshakeTimer;
    private ScheduledFuture<?> pacer;
    private Channel upstream;
    private boolean stopSeen;
    private boolean endedByPod;
    private final ArrayDeque<Frame> held = new ArrayDeque<>();
    /** Provider messages waiting for their 20 ms slot; non-audio ones go out as soon as they reach the head. */
    private final ArrayDeque<ProviderMessage> outbound = new ArrayDeque<>();
    private final Set<ProviderMessage> audioMessages = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    private final Set<String> triedPods = new HashSet<>();
    private long connectDeadline;

    AgentStreamHandler(AgentStreamServices svc, String providerName, String agentUuid, Map<String, String> query,
                       ConnectionStats stats) {
        this.svc = svc;
        this.providerName = providerName;
        this.agentUuid = agentUuid;
        this.query = Map.copyOf(query);
        this.stats = stats;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        ctx.channel().closeFuture().addListener(f -> ctx.executor().execute(this::finish));
    }

    /** The 101 went out: resolve the provider, look up the agent, start the handshake deadline. */
    void upgraded() {
        ParseResult<ProviderAdapter> lookup = svc.providers().lookup(providerName);
        if (!(lookup instanceof ParseResult.Ok<ProviderAdapter> ok)) {
            fail(CloseCode.UNKNOWN_PROVIDER, "unknown provider");
            return;
        }
        adapter = ok.value();
        codec = adapter.newCodec(CodecOptions.defaults().withQuery(query));
        long timeout = svc.config().agentStream().handshakeTimeout().toMillis();
        handshakeTimer = ctx.executor().schedule(() -> {
            if (state == State.HANDSHAKE) {
                fail(CloseCode.HANDSHAKE_TIMEOUT, "no provider handshake within " + timeout + " ms");
            }
        }, timeout, TimeUnit.MILLISECONDS);
        svc.controlPlane().agent(agentUuid).whenComplete((route, error) -> ctx.executor().execute(() -> {
            agentPending = false;
            if (state != State.HANDSHAKE) {
                return;
            }
            if (error != null) {
                fail(CloseCode.SERVER_ERROR, "agent lookup failed");
            } else if (route.isEmpty()) {
                fail(CloseCode.UNKNOWN_AGENT, "unknown agent");
            } else {
                agent = route.get();
                maybeValidate();
            }
        }));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof CloseWebSocketFrame) {
            ctx.fireChannelRead(msg); // the close handler echoes and logs it
            return;
        }
        if (msg instanceof PingWebSocketFrame ping) {
            ctx.writeAndFlush(new PongWebSocketFrame(ping.content()));
            return;
        }
        if (!(msg instanceof WebSocketFrame frame) || msg instanceof PongWebSocketFrame || state == State.CLOSED
                || codec == null) {
            ReferenceCountUtil.release(msg);
            return;
        }
        DecodeResult result;
        try {
            if (frame instanceof TextWebSocketFrame text) {
                result = codec.decodeText(text.text());
            } else if (frame instanceof BinaryWebSocketFrame binary) {
                byte[] bytes = ByteBufUtil.getBytes(binary.content());
                result = codec.decodeBinary(bytes, 0, bytes.length);
            } else {
                result = DecodeResult.none();
            }
        } finally {
            frame.release();
        }
        stats.frameIn();
        onDecoded(result);
    }

    private void onDecoded(DecodeResult result) {
        if (result instanceof DecodeResult.Started started) {
            if (state != State.HANDSHAKE || call != null) {
                stats.frameInvalid();
                return;
            }
            call = started.call();
            handshakeTimer.cancel(false); // the provider's handshake is complete; our own lookups are not its deadline
            started.frames().forEach(this::toPod);
            maybeValidate();
        } else if (result instanceof DecodeResult.Frames frames) {
            if (state == State.HANDSHAKE && call == null) {
                if (!frames.frames().isEmpty()) {
                    fail(CloseCode.HANDSHAKE_ERROR, "media before start");
                }
                return;
            }
            frames.frames().forEach(this::toPod);
        } else if (result instanceof DecodeResult.Rejected rejected) {
            if (state == State.HANDSHAKE && call == null) {
                fail(CloseCode.HANDSHAKE_ERROR, "handshake rejected: " + rejected.error().kind());
            } else {
                stats.frameInvalid(); // after the handshake: dropped, counted, the call goes on
            }
        }
        // Pending: a handshake step (connected)
    }

    // ---- handshake, validation, admission ----

    private void maybeValidate() {
        if (state != State.HANDSHAKE || agent == null || call == null) {
            return;
        }
        state = State.ADMITTING;
        handshakeTimer.cancel(false);
        // The provider's own account identifier wins (Cloudonix: the domain from start.accountSid, then ?Domain=);
        // providers whose start carries none (Telnyx, Vonage) name their configuration with ?identifier=.
        String identifier = firstNonBlank(call.accountId(), query.get("identifier"));
        if (identifier == null) {
            fail(CloseCode.HANDSHAKE_ERROR, "missing provider identifier");
            return;
        }
        svc.controlPlane().telephony(agent.organizationId(), adapter.id().name(), identifier)
                .whenComplete((route, error) -> ctx.executor().execute(() -> {
                    if (state != State.ADMITTING) {
                        return;
                    }
                    if (error != null) {
                        fail(CloseCode.SERVER_ERROR, "configuration lookup failed");
                    } else if (route.isEmpty()) {
                        fail(CloseCode.HANDSHAKE_ERROR, "no matching telephony configuration");
                    } else if (blank(route.get().apiKey()) && blank(route.get().secret())) {
                        fail(CloseCode.HANDSHAKE_ERROR, "configuration without a token");
                    } else {
                        validate(route.get());
                    }
                }));
    }

    private void validate(TelephonyRoute route) {
        handle = adapter.callHandle(call, route.toCredentials());
        CompletableFuture<CallControlResult> validation = handle.validate()
                .orTimeout(PROVIDER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        validation.whenComplete((result, error) -> ctx.executor().execute(() -> {
            if (state != State.ADMITTING) {
                return;
            }
            if (error != null) {
                fail(CloseCode.PROVIDER_API_FAILURE,
                        error instanceof TimeoutException ? "provider api timed out" : "provider api failed");
                return;
            }
            if (result instanceof CallControlResult.Ok) {
                admit(route);
            } else if (result instanceof CallControlResult.Rejected r) {
                fail(CloseCode.HANDSHAKE_ERROR, "provider rejected the call: " + r.status());
            } else if (result instanceof CallControlResult.Failed f) {
                fail(f.failure() == CallControlResult.Failure.INVALID_REQUEST
                        ? CloseCode.HANDSHAKE_ERROR : CloseCode.PROVIDER_API_FAILURE, "provider api " + f.failure());
            } else {
                fail(CloseCode.PROVIDER_UNSUPPORTED, "no call validation");
            }
        }));
    }

    private void admit(TelephonyRoute route) {
        Map<String, String> identifiers = new HashMap<>();
        identifiers.put("identifier", call.accountId());
        identifiers.put("stream_id", call.streamId());
        if (!call.callId().isEmpty()) {
            identifiers.put("call_id", call.callId());
        }
        call.attributes().forEach(identifiers::putIfAbsent);
        String callId = firstNonBlank(query.get("callId"), query.get("CallSid"), call.attributes().get("call_sid"),
                call.callId());
        var request = new CallAdmissionRequest(agentUuid, agent.workflowId(), agent.organizationId(), adapter.id().name(),
                callId, firstNonBlank(call.from(), query.get("from")), firstNonBlank(call.to(), query.get("to")),
                identifiers, route.id());
        svc.controlPlane().admitCall(request).whenComplete((answer, error) -> ctx.executor().execute(() -> {
            if (error == null && !answer.wasRefused() && answer.sessionId() != null) {
                admission = answer;
                stats.sessionId(answer.sessionId());
                if (state != State.ADMITTING) {
                    release(); // the caller left meanwhile
                    return;
                }
                state = State.CONNECTING;
                connectDeadline = System.nanoTime() + svc.config().sessionSocket().connectBudget().toNanos();
                connectPod();
            } else if (state == State.ADMITTING) {
                if (error != null) {
                    fail(CloseCode.SERVER_ERROR, "call admission failed");
                } else if (CallAdmission.REFUSED_CONCURRENT_CALLS.equals(answer.refused())) {
                    fail(CloseCode.CONCURRENT_CALLS, "concurrent call limit");
                } else {
                    fail(CloseCode.QUOTA_EXCEEDED, "refused: " + answer.refused());
                }
            }
        }));
    }

    // ---- the pod ----

    private void connectPod() {
        if (state != State.CONNECTING) {
            return;
        }
        long left = (connectDeadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            fail(CloseCode.SERVER_ERROR, "no pod within the connect budget");
            return;
        }
        String deployment = admission.deploymentId();
        svc.pods().select(deployment, null, triedPods).whenComplete((choice, error) -> ctx.executor().execute(() -> {
            if (state != State.CONNECTING) {
                return;
            }
            if (choice instanceof PodSelector.Choice.Pod pod) {
                triedPods.add(pod.id());
                svc.admission().admit(deployment, admission.sessionId(), admission.maxConcurrentSessions())
                        .whenComplete((admitted, e2) -> ctx.executor().execute(() -> {
                            if (Boolean.TRUE.equals(admitted)) {
                                open(pod, left);
                            } else {
                                retryPod();
                            }
                        }));
            } else {
                retryPod();
            }
        }));
    }

    private void retryPod() {
        triedPods.clear();
        ctx.executor().schedule(this::connectPod, 200, TimeUnit.MILLISECONDS);
    }

    private void open(PodSelector.Choice.Pod pod, long timeoutMillis) {
        svc.connector().connect(ctx.channel(), pod.url(), admission.sessionId(), admission.deploymentId(), false,
                timeoutMillis, false, this).addListener(f -> {
                    if (state != State.CONNECTING) {
                        if (f.isSuccess()) {
                            CloseOnErrorHandler.closeUpstream((Channel) f.getNow(), CloseCode.CLIENT_GONE);
                        }
                        return;
                    }
                    if (!f.isSuccess()) {
                        svc.admission().release(admission.deploymentId(), admission.sessionId(), svc.gatewayId());
                        connectPod();
                        return;
                    }
                    upstream = (Channel) f.getNow();
                    goLive();
                });
    }

    private void goLive() {
        state = State.LIVE;
        AudioFormat podFormat = CodecOptions.defaults().podFormat();
        sendUpstream(call.toStartFrame(admission.sessionId(), podFormat, CodecOptions.defaults().frameMs()));
        while (!held.isEmpty()) {
            sendUpstream(held.poll());
        }
        upstream.flush();
        long frameMs = CodecOptions.defaults().frameMs();
        pacer = ctx.executor().scheduleAtFixedRate(this::paceOne, frameMs, frameMs, TimeUnit.MILLISECONDS);
        if (stopSeen) {
            end(CloseCode.CALL_ENDED, "provider stop");
        }
    }

    private void toPod(Frame frame) {
        if (frame instanceof StopFrame) {
            stopSeen = true;
        }
        if (state == State.LIVE) {
            sendUpstream(frame);
            upstream.flush();
            if (stopSeen) {
                end(CloseCode.CALL_ENDED, "provider stop");
            }
        } else {
            if (held.size() >= MAX_HELD_FRAMES) {
                held.poll();
            }
            held.add(frame);
        }
    }

    private void sendUpstream(Frame frame) {
        if (upstream == null || !upstream.isActive()) {
            return;
        }
        if (frame instanceof AudioFrame audio) {
            upstream.write(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(FrameJson.toBinary(audio))));
        } else {
            upstream.write(new TextWebSocketFrame(FrameJson.write(frame)));
        }
    }

    @Override
    public void onPodFrame(ByteBufHolder frame) {
        if (frame == null) {
            ctx.flush();
            return;
        }
        try {
            if (state != State.LIVE) {
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
                fromPod(ok.value());
            } else {
                stats.frameInvalid();
            }
        } finally {
            frame.release();
        }
    }

    private void fromPod(Frame frame) {
        if (frame instanceof HangupFrame) {
            handle.hangup().whenComplete((r, e) -> ctx.executor().execute(() -> end(CloseCode.CALL_ENDED, "hangup")));
        } else if (frame instanceof TransferFrame t) {
            handle.transfer(TransferRequest.of(t));
        } else if (frame instanceof EndFrame) {
            endedByPod = true;
            end(CloseCode.CALL_ENDED, "pod ended the call");
        } else if (frame instanceof ClearFrame) {
            outbound.clear(); // clear reaches the provider before any queued audio
            audioMessages.clear();
            EncodeResult result = codec.encode(frame);
            if (result instanceof EncodeResult.Send send) {
                send.messages().forEach(this::writeProvider);
                ctx.flush();
            }
        } else {
            EncodeResult result = codec.encode(frame);
            if (result instanceof EncodeResult.Send send) {
                for (ProviderMessage m : send.messages()) {
                    outbound.add(m);
                    if (frame instanceof AudioFrame) {
                        audioMessages.add(m);
                    }
                }
                if (!(frame instanceof AudioFrame)) {
                    drainNonAudio();
                }
            } else if (result instanceof EncodeResult.Unsupported) {
                stats.frameInvalid();
            }
        }
    }

    /** One pacing tick: non-audio messages at the head go at once, then one audio frame. */
    private void paceOne() {
        boolean wrote = drainHead();
        ProviderMessage next = outbound.poll();
        if (next != null) {
            audioMessages.remove(next);
            writeProvider(next);
            wrote = true;
            wrote |= drainHead();
        }
        if (wrote) {
            ctx.flush();
        }
    }

    private void drainNonAudio() {
        if (drainHead()) {
            ctx.flush();
        }
    }

    private boolean drainHead() {
        boolean wrote = false;
        while (!outbound.isEmpty() && !audioMessages.contains(outbound.peek())) {
            writeProvider(outbound.poll());
            wrote = true;
        }
        return wrote;
    }

    private void writeProvider(ProviderMessage message) {
        if (!ctx.channel().isActive()) {
            return;
        }
        stats.frameOut();
        if (message instanceof ProviderMessage.Text text) {
            ctx.write(new TextWebSocketFrame(text.text()));
        } else if (message instanceof ProviderMessage.Binary binary) {
            ctx.write(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(binary.data())));
        }
    }

    @Override
    public void onPodClose(int code) {
        if (state == State.LIVE) {
            endedByPod = true;
            if (code == 1000) {
                end(CloseCode.CALL_ENDED, "pod closed");
            } else {
                fail(CloseCode.SERVER_ERROR, "pod closed with " + code);
            }
        }
    }

    @Override
    public void onPodInactive() {
        if (state == State.LIVE) {
            endedByPod = true;
            fail(CloseCode.SERVER_ERROR, "pod connection lost");
        }
    }

    @Override
    public void onPodWritability(boolean writable) {
        ctx.channel().config().setAutoRead(writable);
    }

    // ---- endings ----

    /** A normal end: flush queued audio is dropped, the provider gets 1000. */
    private void end(CloseCode code, String detail) {
        fail(code, detail);
    }

    private void fail(CloseCode code, String detail) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        ctx.fireExceptionCaught(new GatewayException(code, detail));
    }

    /** The provider socket is gone: tell the pod at once, give the session back, publish {@code call.closed}. */
    private void finish() {
        State was = state;
        state = State.CLOSED;
        if (handshakeTimer != null) {
            handshakeTimer.cancel(false);
        }
        if (pacer != null) {
            pacer.cancel(false);
        }
        if (upstream != null && upstream.isActive()) {
            if (!stopSeen && !endedByPod) {
                upstream.writeAndFlush(new TextWebSocketFrame(CALLER_GONE));
            }
            CloseOnErrorHandler.closeUpstream(upstream, stats.closeCode() == 1000 ? CloseCode.ENDED : CloseCode.CLIENT_GONE);
        }
        if (admission != null) {
            svc.admission().release(admission.deploymentId(), admission.sessionId(), svc.gatewayId());
            release();
            publishClosed();
        }
        if (was != State.CLOSED && log.isDebugEnabled()) {
            log.debug("agent stream connection gone in state {}", was);
        }
    }

    private void release() {
        svc.controlPlane().releaseCall(admission.sessionId());
    }

    private void publishClosed() {
        int code = stats.closeCode() < 0 ? 1006 : stats.closeCode();
        var event = svc.events().callClosed(admission.organizationId() == null ? agent.organizationId()
                        : admission.organizationId(), admission.sessionId(), AgentStreamEndpoint.ENDPOINT, code,
                stats.closeDetail(), stats.durationMillis(), stats.framesIn(), stats.framesOut(), stats.framesInvalid());
        try {
            svc.redis().async().xadd(RedisKeys.EVENTS, EventJson.toStreamEntry(event));
        } catch (RuntimeException e) {
            log.warn("call.closed not published: session={} cause={}", admission.sessionId(), e.getClass().getSimpleName());
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (!blank(v)) {
                return v;
            }
        }
        return null;
    }
}
