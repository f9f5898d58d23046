package io.mgw.gateway.agentstream;

import io.mgw.adapters.contract.AgentRoute;
import io.mgw.adapters.contract.CallAdmission;
import io.mgw.adapters.contract.CallAdmissionRequest;
import io.mgw.adapters.contract.TelephonyRoute;
import io.mgw.adapters.provider.CallControlResult;
import io.mgw.adapters.provider.CallHandle;
import io.mgw.adapters.provider.CallInfo;
import io.mgw.adapters.provider.ProviderAdapter;
import io.mgw.adapters.provider.ProviderId;
import io.mgw.gateway.close.CloseCode;
import io.mgw.gateway.close.GatewayException;
import io.mgw.gateway.controlplane.ControlPlaneClient;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps between a complete provider handshake and a session: the telephony configuration named by the call's
 * identifiers, the provider's validation of the call with the stored credentials (at most {@link AgentStreamServices#PROVIDER_TIMEOUT}),
 * then {@code POST /internal/v1/calls}. Only that last step creates anything, so every earlier refusal leaves nothing
 * behind. Touches no channel: it completes on HTTP threads, with a {@link GatewayException} naming the close code on
 * refusal, and the caller hops back to its event loop. Thread-safe.
 */
final class CallAdmitter {

    /** An admitted call: the session and the provider handle its REST calls go through. */
    record Admitted(CallAdmission admission, CallHandle handle) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(CallAdmitter.class);

    private final ControlPlaneClient controlPlane;

    CallAdmitter(ControlPlaneClient controlPlane) {
        this.controlPlane = controlPlane;
    }

    /** Looks up, validates and admits; {@code query} holds hints only (the provider's start wins). */
    CompletableFuture<Admitted> admit(ProviderAdapter adapter, AgentRoute agent, CallInfo call, Map<String, String> query) {
        // The provider's own account identifier wins (Cloudonix: the domain from start.accountSid, then ?Domain=);
        // providers whose start carries none (Telnyx, Plivo, Vonage) may name their configuration with ?identifier=.
        // Without either (Telnyx, Plivo and Vonage starts name no account) the organization's one configuration for
        // the provider is used.
        ProviderId provider = adapter.id();
        String identifier = firstNonBlank(call.accountId(), query.get("identifier"));
        return controlPlane.telephony(agent.organizationId(), provider.name(), identifier)
                .exceptionally(e -> {
                    throw refusal(CloseCode.SERVER_ERROR, "configuration lookup failed", CallCloseReasons.SERVER_ERROR);
                })
                .thenCompose(found -> {
                    TelephonyRoute route = found.orElseThrow(() -> identifier == null
                            ? refusal(CloseCode.HANDSHAKE_ERROR, "no single configuration for the provider",
                                    CallCloseReasons.noConfiguration(provider))
                            : refusal(CloseCode.HANDSHAKE_ERROR, "no matching telephony configuration",
                                    CallCloseReasons.unknownAccount(provider, identifier)));
                    if (blank(route.apiKey()) && blank(route.secret())) {
                        throw refusal(CloseCode.HANDSHAKE_ERROR, "configuration without a token",
                                CallCloseReasons.missingCredentials(provider));
                    }
                    CallHandle handle = adapter.callHandle(call, route.toCredentials());
                    CallAdmissionRequest request = request(adapter, agent, call, query, route);
                    return validate(provider, handle).thenCompose(ok -> controlPlane.admitCall(request)
                            .exceptionally(e -> {
                                // No answer (or no readable one): the session may exist or still be made. Give it up.
                                abandon(request);
                                throw refusal(CloseCode.SERVER_ERROR, "call admission failed", CallCloseReasons.SERVER_ERROR);
                            })
                            .thenApply(answer -> new Admitted(admitted(answer), handle)));
                });
    }

    private void abandon(CallAdmissionRequest request) {
        controlPlane.abandonCall(request).thenAccept(result -> {
            // A 4xx refuses a request that could not have admitted anything either; no answer or a 5xx leaves doubt.
            boolean doubt = result instanceof CallControlResult.Failed
                    || result instanceof CallControlResult.Rejected r && r.status() >= 500;
            if (doubt) {
                LOG.warn("Abandoning the admission of session {} failed ({}): it stays live until its idle timeout",
                        request.sessionId(), result);
            }
        });
    }

    private static CompletableFuture<Void> validate(ProviderId provider, CallHandle handle) {
        return handle.validate().orTimeout(AgentStreamServices.PROVIDER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).handle((result, error) -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                throw refusal(CloseCode.PROVIDER_API_FAILURE,
                        cause instanceof TimeoutException ? "provider api timed out" : "provider api failed",
                        CallCloseReasons.apiUnavailable(provider));
            }
            if (result instanceof CallControlResult.Ok) {
                return null;
            }
            if (result instanceof CallControlResult.Rejected r) {
                // A server error or a rate limit is the provider's trouble, not a verdict on the call.
                if (r.status() >= 500 || r.status() == 429 || r.status() == 408) {
                    throw refusal(CloseCode.PROVIDER_API_FAILURE, "provider api answered " + r.status(),
                            CallCloseReasons.apiUnavailable(provider));
                }
                throw refusal(CloseCode.HANDSHAKE_ERROR, "provider rejected the call: " + r.status(),
                        CallCloseReasons.validationFailed(provider));
            }
            if (result instanceof CallControlResult.Failed f) {
                if (f.failure() == CallControlResult.Failure.INVALID_REQUEST) {
                    throw refusal(CloseCode.HANDSHAKE_ERROR, "provider api " + f.failure(),
                            CallCloseReasons.validationFailed(provider));
                }
                throw refusal(CloseCode.PROVIDER_API_FAILURE, "provider api " + f.failure(),
                        CallCloseReasons.apiUnavailable(provider));
            }
            throw refusal(CloseCode.PROVIDER_UNSUPPORTED, "no call validation", CallCloseReasons.unsupported(provider));
        });
    }

    private static CallAdmissionRequest request(ProviderAdapter adapter, AgentRoute agent, CallInfo call,
                                                Map<String, String> query, TelephonyRoute route) {
        Map<String, String> identifiers = new HashMap<>();
        identifiers.put("identifier", call.accountId());
        identifiers.put("stream_id", call.streamId());
        if (!call.callId().isEmpty()) {
            identifiers.put("call_id", call.callId());
        }
        call.attributes().forEach(identifiers::putIfAbsent);
        // The start's call id (Cloudonix: the session, the id its REST API takes) wins over ?callId= / ?CallSid=.
        String callId = firstNonBlank(call.callId(), query.get("callId"), query.get("CallSid"));
        return new CallAdmissionRequest(agent.agentUuid(), agent.workflowId(), agent.organizationId(),
                adapter.id().name(), callId, firstNonBlank(call.from(), query.get("from")),
                firstNonBlank(call.to(), query.get("to")), identifiers, route.id(), CallAdmissionRequest.newSessionId());
    }

    private static CallAdmission admitted(CallAdmission answer) {
        if (!answer.wasRefused() && answer.sessionId() != null) {
            return answer;
        }
        if (CallAdmission.REFUSED_CONCURRENT_CALLS.equals(answer.refused())) {
            throw refusal(CloseCode.CONCURRENT_CALLS, "concurrent call limit", null);
        }
        if (CallAdmission.REFUSED_SESSION_EXISTS.equals(answer.refused())) {
            throw refusal(CloseCode.SERVER_ERROR, "session id taken", CallCloseReasons.SERVER_ERROR);
        }
        throw refusal(CloseCode.QUOTA_EXCEEDED, "refused: " + answer.refused(), null);
    }

    /** The close code and detail of a failed admission ({@link CloseCode#SERVER_ERROR} for anything unexpected). */
    static GatewayException reasonOf(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof GatewayException g ? g
                : new GatewayException(CloseCode.SERVER_ERROR, "admission failed", CallCloseReasons.SERVER_ERROR);
    }

    /** @param peerReason what the provider reads ({@link CallCloseReasons}), or null for the code's own */
    private static GatewayException refusal(CloseCode code, String detail, String peerReason) {
        return new GatewayException(code, detail, peerReason);
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    static String firstNonBlank(String... values) {
        for (String v : values) {
            if (!blank(v)) {
                return v;
            }
        }
        return null;
    }
}
