package io.mgw.adapters.provider;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One call's access to its provider's REST API, with the guard that a hangup is sent at most
 * once: later hangups (from a second hangup frame, a transfer fallback, the socket closing) get the
 * first attempt's future. Thread-safe.
 */
public final class CallHandle {

    private final ProviderCallControl control;
    private final CallInfo call;
    private final ProviderCredentials credentials;
    private final AtomicReference<CompletableFuture<CallControlResult>> hangup = new AtomicReference<>();

    /** A handle for one call. */
    public CallHandle(ProviderCallControl control, CallInfo call, ProviderCredentials credentials) {
        this.control = control;
        this.call = call;
        this.credentials = credentials;
    }

    /** The call. */
    public CallInfo call() {
        return call;
    }

    /** Validates the call with the provider. */
    public CompletableFuture<CallControlResult> validate() {
        return control.validateCall(call, credentials);
    }

    /** Hangs up, once: the first caller sends the request, every caller gets its result. */
    public CompletableFuture<CallControlResult> hangup() {
        CompletableFuture<CallControlResult> mine = new CompletableFuture<>();
        if (!hangup.compareAndSet(null, mine)) {
            return hangup.get();
        }
        control.hangup(call, credentials).whenComplete((result, error) -> mine.complete(
                error == null ? result : new CallControlResult.Failed(CallControlResult.Failure.IO, error.toString())));
        return mine;
    }

    /** Whether a hangup has been requested. */
    public boolean hangupRequested() {
        return hangup.get() != null;
    }

    /** Transfers the call. */
    public CompletableFuture<CallControlResult> transfer(TransferRequest transfer) {
        return control.transfer(call, transfer, credentials);
    }
}
