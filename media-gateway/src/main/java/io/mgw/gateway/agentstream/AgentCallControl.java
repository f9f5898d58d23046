package io.mgw.gateway.agentstream;

import io.mgw.adapters.frame.DtmfFrame;
import io.mgw.adapters.frame.Frame;
import io.mgw.adapters.frame.HangupFrame;
import io.mgw.adapters.frame.TransferFrame;
import io.mgw.adapters.provider.CallControlResult;
import io.mgw.adapters.provider.TransferRequest;
import io.mgw.gateway.close.CloseCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pod's call-control frames, which travel as the provider's REST calls rather than on its media socket:
 * {@code hangup} (once per call, then the socket closes with 1000), {@code transfer} (once per call) and
 * {@code dtmf} toward the caller (where the provider has an API for it; otherwise dropped and counted).
 * {@link io.mgw.adapters.provider.CallHandle} holds the at-most-once guards. Results hop back to the event loop.
 */
final class AgentCallControl {

    private static final Logger log = LoggerFactory.getLogger(AgentCallControl.class);

    private final AgentCall call;

    AgentCallControl(AgentCall call) {
        this.call = call;
    }

    /** Whether the frame is a call-control request (and so not for the provider's media socket). */
    static boolean handles(Frame frame) {
        return frame instanceof HangupFrame || frame instanceof TransferFrame || frame instanceof DtmfFrame;
    }

    /** Acts on one call-control frame from the pod. */
    void onFrame(Frame frame) {
        if (frame instanceof HangupFrame) {
            call.handle.hangup().whenComplete((result, error) -> call.channel.eventLoop().execute(() -> {
                call.endedByPod = true;
                call.close(CloseCode.CALL_ENDED, "hangup: " + outcome(result));
            }));
        } else if (frame instanceof TransferFrame transfer) {
            call.handle.transfer(TransferRequest.of(transfer)).thenAccept(result -> {
                if (!result.isOk()) {
                    log.info("transfer not done: session={} outcome={}", call.stats.sessionId(), outcome(result));
                }
            });
        } else if (frame instanceof DtmfFrame dtmf) {
            call.handle.sendDtmf(dtmf.digit(), dtmf.durationMs()).thenAccept(result -> {
                if (!result.isOk()) {
                    call.channel.eventLoop().execute(() -> call.dropped(AgentCall.FROM_POD));
                }
            });
        }
    }

    /** A short, secret-free description of a provider answer for logs and close details. */
    private static String outcome(CallControlResult result) {
        if (result instanceof CallControlResult.Ok ok) {
            return "ok " + ok.status();
        }
        if (result instanceof CallControlResult.Rejected rejected) {
            return "rejected " + rejected.status();
        }
        if (result instanceof CallControlResult.Failed failed) {
            return "failed " + failed.failure();
        }
        return result == null ? "failed" : "unsupported";
    }
}
