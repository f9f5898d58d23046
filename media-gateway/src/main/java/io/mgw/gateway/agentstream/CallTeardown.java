package io.mgw.gateway.agentstream;

import io.mgw.adapters.frame.StopFrame;
import io.mgw.gateway.close.CloseCode;

/**
 * The end of an admitted call, once the provider socket is gone: the pod hears that the caller left (a
 * {@code stop} with reason {@code caller-gone}, unless the provider said {@code stop} or the pod ended the call) and
 * its leg is closed; the deployment slot and the control plane's call slot are given back; one {@code call.closed}
 * records the code and reason on the session. Runs on the event loop, from the relay's {@code channelInactive}.
 */
final class CallTeardown {

    /** The reason of the {@code stop} a pod gets when the caller's socket dropped without one. */
    static final String CALLER_GONE = "caller-gone";

    private final AgentStreamServices svc;
    private final CallEvents events;

    CallTeardown(AgentStreamServices svc, CallEvents events) {
        this.svc = svc;
        this.events = events;
    }

    void run(AgentCall call, AgentPodLink pod) {
        if (pod != null) {
            callerGone(call, pod);
            pod.close(call.stats.closeCode() == CloseCode.CALL_ENDED.code() ? CloseCode.ENDED : CloseCode.CLIENT_GONE);
        }
        if (call.admission != null) {
            svc.admission().release(call.admission.deploymentId(), call.admission.sessionId(), svc.gatewayId());
            svc.controlPlane().releaseCall(call.admission.sessionId());
            events.closed(call);
        }
    }

    /**
     * Tells a live pod the caller left, once, unless the provider said {@code stop} or the pod ended the call: as soon
     * as the provider starts closing, and again (a no-op then) when the socket is gone.
     */
    static void callerGone(AgentCall call, AgentPodLink pod) {
        if (pod != null && pod.live() && !call.stopSeen && !call.endedByPod && !call.callerGoneSent) {
            call.callerGoneSent = true;
            pod.send(new StopFrame(CALLER_GONE));
            pod.flush();
        }
    }
}
