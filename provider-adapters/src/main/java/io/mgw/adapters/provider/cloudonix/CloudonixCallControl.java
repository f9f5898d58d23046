package io.mgw.adapters.provider.cloudonix;

import static io.mgw.adapters.provider.ProviderHttpClient.segment;

import io.mgw.adapters.provider.CallControlResult;
import io.mgw.adapters.provider.CallInfo;
import io.mgw.adapters.provider.MarkupText;
import io.mgw.adapters.provider.ProviderCallControl;
import io.mgw.adapters.provider.ProviderCredentials;
import io.mgw.adapters.provider.ProviderHttpClient;
import io.mgw.adapters.provider.ProviderHttpClient.Request;
import io.mgw.adapters.provider.ProviderId;
import io.mgw.adapters.provider.TransferRequest;
import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * Cloudonix REST with a bearer token. Everything is addressed by the domain and the session token
 * from {@code start.session} ({@link CallInfo#callId()}), never the media call SID: validate is
 * {@code GET …/sessions/{session}} (200 only), hangup {@code DELETE} of the same (200, 204 and 404
 * succeed), transfer dials the destination into a conference and then moves the caller's session
 * into it.
 */
public final class CloudonixCallControl implements ProviderCallControl {

    /** Public API endpoint. */
    public static final String DEFAULT_BASE_URL = "https://api.cloudonix.io";

    private final ProviderHttpClient http;

    /** A client on the shared HTTP client. */
    public CloudonixCallControl(ProviderHttpClient http) {
        this.http = http;
    }

    @Override
    public ProviderId provider() {
        return CloudonixCodec.ID;
    }

    @Override
    public CompletableFuture<CallControlResult> validateCall(CallInfo call, ProviderCredentials credentials) {
        if (invalid(call, credentials)) {
            return missing();
        }
        return http.send(Request.get(sessionUri(call, credentials)).withBearer(credentials.apiKey()),
                response -> response.status() == 200
                        ? new CallControlResult.Ok(200)
                        : ProviderHttpClient.rejected(response));
    }

    @Override
    public CompletableFuture<CallControlResult> hangup(CallInfo call, ProviderCredentials credentials) {
        if (invalid(call, credentials)) {
            return missing();
        }
        return http.send(Request.delete(sessionUri(call, credentials)).withBearer(credentials.apiKey()),
                response -> switch (response.status()) {
                    case 200, 204, 404 -> new CallControlResult.Ok(response.status());
                    default -> ProviderHttpClient.rejected(response);
                });
    }

    @Override
    public CompletableFuture<CallControlResult> transfer(CallInfo call, TransferRequest transfer,
            ProviderCredentials credentials) {
        if (invalid(call, credentials)) {
            return missing();
        }
        String base = credentials.baseUrlOr(DEFAULT_BASE_URL) + "/calls/" + segment(call.accountId());
        String room = MarkupText.escape("mgw-transfer-" + call.callId());
        String callerId = transfer.callerId() != null ? transfer.callerId() : call.to();
        CloudonixMessages.DialApplicationRequest dial = new CloudonixMessages.DialApplicationRequest(
                transfer.to(), callerId,
                "<Response><Dial><Conference>" + room + "</Conference></Dial></Response>");
        CloudonixMessages.SessionApplicationRequest move = new CloudonixMessages.SessionApplicationRequest(
                "<Response><Dial><Conference endConferenceOnExit=\"true\" beep=\"false\" holdMusic=\"false\">"
                        + room + "</Conference></Dial><Hangup/></Response>");
        return http.send(Request.json("POST", URI.create(base + "/application"), dial, false)
                                .withBearer(credentials.apiKey()), ProviderHttpClient::okIf2xx)
                .thenCompose(dialed -> !dialed.isOk()
                        ? CompletableFuture.completedFuture(dialed)
                        : http.send(Request.json("POST",
                                        URI.create(base + "/sessions/" + segment(call.callId()) + "/application"),
                                        move, false).withBearer(credentials.apiKey()),
                                ProviderHttpClient::okIf2xx));
    }

    private static URI sessionUri(CallInfo call, ProviderCredentials credentials) {
        return URI.create(credentials.baseUrlOr(DEFAULT_BASE_URL) + "/customers/self/domains/"
                + segment(call.accountId()) + "/sessions/" + segment(call.callId()));
    }

    private static boolean invalid(CallInfo call, ProviderCredentials credentials) {
        return call.accountId().isEmpty() || call.callId().isEmpty() || credentials.apiKey() == null
                || credentials.apiKey().isBlank();
    }

    private static CompletableFuture<CallControlResult> missing() {
        return CompletableFuture.completedFuture(new CallControlResult.Failed(
                CallControlResult.Failure.INVALID_REQUEST, "domain, session and bearer token are required"));
    }
}
