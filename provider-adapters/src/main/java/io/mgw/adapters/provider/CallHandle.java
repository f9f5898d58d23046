package io.mgw.adapters.provider;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * One call's access to its provider's REST API, with the guard that a hangup and a transfer are each
 * sent at most once: later requests (a second frame from the pod, a fallback, the socket closing) get
 * the first attempt's future. Thread-safe.
 */
public final class CallHandle {

    private final ProviderCallControl control;
    private final CallInfo call;
    private final ProviderCredentials credentials;
    private final AtomicReference<CompletableFuture<CallControlResult>> hangup = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<CallControlResult>> transfer = new AtomicReference<>();

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
        return once(hangup, () -> control.hangup(call, credentials));
    }

    /** Whether a hangup has been requested. */
    public boolean hangupRequested() {
        return hangup.get() != null;
    }

    /** Transfers the call, once: a second request gets the first one's result (a call moves only once). */
    public CompletableFuture<CallControlResult> transfer(TransferRequest request) {
        return once(transfer, () -> control.transfer(call, request, credentials));
    }

    /** Plays keypad digits to the caller (every request is sent: digits are not idempotent). */
    public CompletableFuture<CallControlResult> sendDtmf(String digits, Integer durationMs) {
        return settled(control.sendDtmf(call, digits, durationMs, credentials));
    }

    private static CompletableFuture<CallControlResult> once(
            AtomicReference<CompletableFuture<CallControlResult>> slot,
            Supplier<CompletableFuture<CallControlResult>> action) {
        CompletableFuture<CallControlResult> mine = new CompletableFuture<>();
        if (!slot.compareAndSet(null, mine)) {
            return slot.get();
        }
        settled(action.get()).thenAccept(mine::complete);
        return mine;
    }

    /** The SPI promises normal completion; an adapter that breaks it still yields a {@code Failed}. */
    private static CompletableFuture<CallControlResult> settled(CompletableFuture<CallControlResult> future) {
        return future.handle((result, error) -> error == null ? result
                : new CallControlResult.Failed(CallControlResult.Failure.IO, error.getClass().getSimpleName()));
    }
}
