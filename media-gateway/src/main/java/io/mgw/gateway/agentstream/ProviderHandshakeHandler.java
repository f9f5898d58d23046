package io.mgw.gateway.agentstream;

import io.mgw.adapters.frame.ParseResult;
import io.mgw.adapters.provider.CodecOptions;
import io.mgw.adapters.provider.DecodeResult;
import io.mgw.adapters.provider.ProviderAdapter;
import io.mgw.gateway.close.CloseCode;
import io.mgw.gateway.close.GatewayException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The provider handshake, right after the upgrade: resolves the provider (1008 when unknown), looks up the agent
 * (1008 when unknown) while it reads the provider's first messages ({@code connected}, {@code start}, or the
 * provider's own) under the handshake deadline (4408), then hands the call to {@link CallAdmitter}. On admission it
 * fires {@link CallAdmitted} to the relay and removes itself. Results after {@code start} pass on to the relay, which
 * holds them until a pod is connected.
 */
final class ProviderHandshakeHandler extends ChannelInboundHandlerAdapter {

    /** User event: the call is admitted; {@link AgentCall#admission} and {@link AgentCall#handle} are set. */
    record CallAdmitted() {
    }

    private final AgentStreamServices svc;
    private final CallAdmitter admitter;
    private final AgentCall call;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> deadline;
    private boolean admitting;

    ProviderHandshakeHandler(AgentStreamServices svc, CallAdmitter admitter, AgentCall call) {
        this.svc = svc;
        this.admitter = admitter;
        this.call = call;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** The 101 went out: resolve the provider, start the deadline, look up the agent. */
    void upgraded() {
        ParseResult<ProviderAdapter> lookup = svc.providers().lookup(call.providerName);
        if (!lookup.isOk()) {
            call.close(CloseCode.UNKNOWN_PROVIDER, "unknown provider", lookup.error().reason());
            return;
        }
        call.adapter = lookup.value();
        call.codec = call.adapter.newCodec(CodecOptions.defaults().withQuery(call.query));
        long timeout = svc.config().agentStream().handshakeTimeout().toMillis();
        deadline = ctx.executor().schedule(
                () -> call.close(CloseCode.HANDSHAKE_TIMEOUT, "no provider handshake within " + timeout + " ms"),
                timeout, TimeUnit.MILLISECONDS);
        svc.controlPlane().agent(call.agentUuid).whenComplete((route, error) -> ctx.executor().execute(() -> {
            if (call.closing()) {
                return;
            }
            if (error != null) {
                call.close(CloseCode.SERVER_ERROR, "agent lookup failed", CallCloseReasons.SERVER_ERROR);
            } else if (route.isEmpty()) {
                call.close(CloseCode.UNKNOWN_AGENT, "unknown agent");
            } else {
                call.agent = route.get();
                maybeAdmit();
            }
        }));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof DecodeResult result) || call.info != null) {
            ctx.fireChannelRead(msg); // after start: the relay's (it holds them until a pod is connected)
            return;
        }
        if (result instanceof DecodeResult.Started started) {
            call.info = started.call();
            call.mediaStartNanos = System.nanoTime();
            deadline.cancel(false); // the provider's part is done; our own lookups are not its deadline
            if (!started.frames().isEmpty()) {
                ctx.fireChannelRead(new DecodeResult.Frames(started.frames()));
            }
            maybeAdmit();
        } else if (result instanceof DecodeResult.Frames frames && !frames.frames().isEmpty()) {
            call.close(CloseCode.HANDSHAKE_ERROR, "media before start", CallCloseReasons.EXPECTED_START);
        } else if (result instanceof DecodeResult.Rejected rejected) {
            call.close(CloseCode.HANDSHAKE_ERROR, "handshake rejected: " + rejected.error().kind(),
                    rejected.error().reason());
        }
        // Pending (connected) or an empty result: the handshake goes on
    }

    private void maybeAdmit() {
        if (admitting || call.agent == null || call.info == null || call.closing()) {
            return;
        }
        admitting = true;
        admitter.admit(call.adapter, call.agent, call.info, call.query).whenComplete((admitted, error) ->
                ctx.executor().execute(() -> {
                    if (error != null) {
                        call.close(CallAdmitter.reasonOf(error));
                        return;
                    }
                    if (call.closing()) {
                        // The caller left meanwhile: the teardown has nothing to release, so give the session back here.
                        svc.controlPlane().releaseCall(admitted.admission().sessionId());
                        return;
                    }
                    call.admission = admitted.admission();
                    call.handle = admitted.handle();
                    call.stats.sessionId(call.admission.sessionId());
                    ctx.fireUserEventTriggered(new CallAdmitted());
                    ctx.pipeline().remove(this);
                }));
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelDeadline();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelDeadline();
        ctx.fireChannelInactive();
    }

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
        }
    }
}
