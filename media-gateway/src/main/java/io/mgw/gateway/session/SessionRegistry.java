package io.mgw.gateway.session;

import io.mgw.adapters.contract.SessionRoute;
import io.mgw.gateway.close.CloseCode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The sessions whose upstream this gateway holds (attached or within the grace period), by session id. One per
 * gateway instance; a resume on this gateway re-attaches to the link found here.
 */
public final class SessionRegistry {

    private final ConcurrentHashMap<String, SessionLink> links = new ConcurrentHashMap<>();
    /** Handshakes between their token check and their upgrade (or refusal): a drain waits for them to be told 1012. */
    private final AtomicInteger opening = new AtomicInteger();
    private Supplier<SessionServices> services;
    private volatile boolean draining;

    public void bind(Supplier<SessionServices> services) {
        this.services = services;
    }

    /** Attaches a freshly upgraded client to the session's link, creating (and starting) the link when none is held. */
    void attach(String sessionId, SessionRoute route, SessionHandler client, Map<String, String> routing) {
        if (draining) {
            // Attaching runs inside the upgrade, before the frame layer is in place: the close frame goes out after it.
            client.channel().eventLoop().execute(() -> client.closeWith(CloseCode.REASSIGNED, "gateway draining"));
            return;
        }
        boolean[] created = {false};
        SessionLink link = links.computeIfAbsent(sessionId, id -> {
            created[0] = true;
            return new SessionLink(services.get(), route, client.channel().eventLoop(), client.channel(), routing);
        });
        client.linked(link);
        link.attach(client, created[0]);
    }

    /** A handshake passed its token check and is looking its session up. */
    void opening() {
        opening.incrementAndGet();
    }

    /** That handshake has been answered: upgraded (and attached, or told 1012) or refused. */
    void opened() {
        opening.decrementAndGet();
    }

    /** Handshakes still looking their session up. */
    public int openingCount() {
        return opening.get();
    }

    void remove(String sessionId, SessionLink link) {
        links.remove(sessionId, link);
    }

    /** A control-channel {@code end} for the session, if held here. */
    public void end(String sessionId) {
        SessionLink link = links.get(sessionId);
        if (link != null) {
            link.controlEnd();
        }
    }

    /**
     * Starts draining: every attached client, and any that attaches from now on, is closed with 1012 so it resumes on
     * another gateway; the upstreams stay open until that gateway's takeover moves the pod's link (the session then
     * leaves this registry) or {@link #releaseAll} lets them go.
     */
    public void drain() {
        draining = true;
        links.values().forEach(SessionLink::drain);
    }

    /** Lets every remaining session go (end of a drain): the pods keep them for their grace period. */
    public void releaseAll() {
        links.values().forEach(SessionLink::abandon);
    }

    /** Sessions whose upstream this gateway holds. */
    public int size() {
        return links.size();
    }

    /** Whether this gateway holds the session's upstream (tests, diagnostics). */
    public boolean holds(String sessionId) {
        return links.containsKey(sessionId);
    }
}
