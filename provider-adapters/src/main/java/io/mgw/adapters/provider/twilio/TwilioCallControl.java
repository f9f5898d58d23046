package io.mgw.adapters.provider.twilio;

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
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Twilio's Calls resource: fetch to validate, {@code Status=completed} to hang up (404 = already
 * ended), inline TwiML {@code <Dial>} to transfer. HTTP Basic with account SID (or API key SID)
 * and auth token.
 */
public final class TwilioCallControl implements ProviderCallControl {

    /** Public API host; regional edges look like {@code https://api.dublin.ie1.twilio.com}. */
    public static final String DEFAULT_BASE_URL = "https://api.twilio.com";

    private final ProviderHttpClient http;

    /** A client on the shared HTTP client. */
    public TwilioCallControl(ProviderHttpClient http) {
        this.http = http;
    }

    @Override
    public ProviderId provider() {
        return TwilioCodec.ID;
    }

    @Override
    public CompletableFuture<CallControlResult> validateCall(CallInfo call, ProviderCredentials credentials) {
        return withCallUri(call, credentials, uri -> http.send(authorise(Request.get(uri), call, credentials),
                ProviderHttpClient::okIf2xx));
    }

    @Override
    public CompletableFuture<CallControlResult> hangup(CallInfo call, ProviderCredentials credentials) {
        return withCallUri(call, credentials, uri -> http.send(
                authorise(Request.form(uri, Map.of("Status", "completed"), true), call, credentials),
                response -> response.status() == 404
                        ? new CallControlResult.Ok(404) // Twilio 20404: the call has already ended
                        : ProviderHttpClient.okIf2xx(response)));
    }

    @Override
    public CompletableFuture<CallControlResult> transfer(CallInfo call, TransferRequest transfer,
            ProviderCredentials credentials) {
        String twiml = "<Response><Dial" + (transfer.callerId() == null ? "" : " callerId=\""
                + MarkupText.escape(transfer.callerId()) + "\"") + ">" + MarkupText.escape(transfer.to())
                + "</Dial></Response>";
        return withCallUri(call, credentials, uri -> http.send(
                authorise(Request.form(uri, Map.of("Twiml", twiml), false), call, credentials),
                ProviderHttpClient::okIf2xx));
    }

    private static CompletableFuture<CallControlResult> withCallUri(CallInfo call, ProviderCredentials credentials,
            java.util.function.Function<URI, CompletableFuture<CallControlResult>> action) {
        String account = account(call, credentials);
        if (account.isEmpty() || call.callId().isEmpty() || credentials.secret() == null) {
            return CompletableFuture.completedFuture(new CallControlResult.Failed(
                    CallControlResult.Failure.INVALID_REQUEST, "account SID, call SID and auth token are required"));
        }
        URI uri = URI.create(credentials.baseUrlOr(DEFAULT_BASE_URL) + "/2010-04-01/Accounts/" + segment(account)
                + "/Calls/" + segment(call.callId()) + ".json");
        return action.apply(uri);
    }

    private static Request authorise(Request request, CallInfo call, ProviderCredentials credentials) {
        String user = credentials.apiKey() != null ? credentials.apiKey() : account(call, credentials);
        return request.withBasic(user, credentials.secret());
    }

    private static String account(CallInfo call, ProviderCredentials credentials) {
        return credentials.accountId() != null && !credentials.accountId().isBlank()
                ? credentials.accountId() : call.accountId();
    }
}
