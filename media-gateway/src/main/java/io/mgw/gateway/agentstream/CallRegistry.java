package io.mgw.gateway.agentstream;

import io.mgw.gateway.close.CloseCode;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent-stream calls this gateway carries, from the provider's upgrade until its socket closes. A call cannot move
 * to another gateway (the provider holds this connection), so a stopping gateway waits for its calls to end and only
 * at the drain deadline closes the rest ({@link #closeAll}). Thread-safe.
 */
public final class CallRegistry {

    private final Set<AgentCall> calls = ConcurrentHashMap.newKeySet();

    void add(AgentCall call) {
        calls.add(call);
        call.channel.closeFuture().addListener(f -> calls.remove(call));
    }

    /** Calls whose provider socket is open. */
    public int size() {
        return calls.size();
    }

    /** Ends every remaining call with 1011 (the gateway is going away), each on its own event loop. */
    public void closeAll() {
        for (AgentCall call : calls) {
            call.channel.eventLoop().execute(() -> call.close(CloseCode.SHUTTING_DOWN, "gateway stopped with the call live"));
        }
    }
}
