package io.mgw.gateway.agentstream;

import io.mgw.gateway.close.CloseCode;
import io.mgw.gateway.close.CloseOnErrorHandler;
import io.mgw.gateway.upstream.PodSelector;
import io.mgw.gateway.upstream.UpstreamListener;
import io.netty.channel.Channel;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One attempt to give the call a pod, within the connect budget: picks a pod of the deployment with room (skipping
 * pods already known dead), takes the session's deployment slot, opens the upstream WebSocket (with
 * {@code takeover=1} when the call moves), and retries every {@link #RETRY_MILLIS} until the budget is spent.
 * Event-loop confined; it gives up quietly once the call is closing.
 */
final class PodDialer {

    /** A connected pod. */
    record Connected(String podId, Channel channel) {
    }

    private static final long RETRY_MILLIS = 100;

    private final AgentStreamServices svc;
    private final AgentCall call;
    private final Set<String> dead;
    private final Set<String> tried = new HashSet<>();
    private final boolean takeover;
    private final Supplier<UpstreamListener> legs;
    private final Consumer<Connected> onConnected;
    private final Consumer<String> onGaveUp;
    private final long deadline;

    /**
     * @param legs         a fresh listener for each connection opened (events of abandoned ones are then ignorable)
     * @param onConnected  the pod that took the call
     * @param onGaveUp     the budget is spent (with a short reason)
     */
    PodDialer(AgentStreamServices svc, AgentCall call, Set<String> dead, boolean takeover,
              Supplier<UpstreamListener> legs, Consumer<Connected> onConnected, Consumer<String> onGaveUp) {
        this.svc = svc;
        this.call = call;
        this.dead = Set.copyOf(dead);
        this.tried.addAll(dead); // the selector ranks tried pods last, so a dead pod still registered is not preferred
        this.takeover = takeover;
        this.legs = legs;
        this.onConnected = onConnected;
        this.onGaveUp = onGaveUp;
        this.deadline = System.nanoTime() + svc.config().sessionSocket().connectBudget().toNanos();
    }

    void start() {
        attempt();
    }

    private void attempt() {
        if (call.closing()) {
            return;
        }
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            onGaveUp.accept(takeover ? "pod lost, no pod took the call" : "no pod within the connect budget");
            return;
        }
        String deployment = call.admission.deploymentId();
        svc.pods().select(deployment, null, tried).whenComplete((choice, error) -> onLoop(() -> {
            if (!(choice instanceof PodSelector.Choice.Pod pod) || dead.contains(pod.id())) {
                retry();
                return;
            }
            tried.add(pod.id());
            svc.admission().admit(deployment, call.admission.sessionId(), call.admission.maxConcurrentSessions())
                    .whenComplete((admitted, e2) -> onLoop(() -> {
                        if (Boolean.TRUE.equals(admitted)) {
                            open(pod, left);
                        } else {
                            retry();
                        }
                    }));
        }));
    }

    private void open(PodSelector.Choice.Pod pod, long timeoutMillis) {
        svc.connector().connect(call.channel, pod.url(), call.admission.sessionId(), call.admission.deploymentId(),
                takeover, timeoutMillis, false, legs.get()).addListener(f -> { // decoded leg: we transcode
                    if (call.closing()) {
                        if (f.isSuccess()) {
                            CloseOnErrorHandler.closeUpstream((Channel) f.getNow(), CloseCode.CLIENT_GONE);
                        }
                    } else if (f.isSuccess()) {
                        onConnected.accept(new Connected(pod.id(), (Channel) f.getNow()));
                    } else {
                        svc.admission().release(call.admission.deploymentId(), call.admission.sessionId(), svc.gatewayId());
                        retry();
                    }
                });
    }

    private void retry() {
        tried.clear(); // every live pod may be tried again; dead ones never
        tried.addAll(dead);
        call.channel.eventLoop().schedule(this::attempt, RETRY_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void onLoop(Runnable task) {
        call.channel.eventLoop().execute(() -> {
            if (!call.closing()) {
                task.run();
            }
        });
    }
}
