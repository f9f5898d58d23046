package io.mgw.gateway.session;

import io.mgw.adapters.contract.RedisKeys;
import io.mgw.adapters.contract.SessionRoute;
import io.mgw.adapters.frame.Frame;
import io.mgw.adapters.frame.FrameJson;
import io.mgw.adapters.frame.ParseResult;
import io.mgw.adapters.frame.ResumedFrame;
import io.mgw.gateway.close.CloseCode;
import io.mgw.gateway.close.CloseOnErrorHandler;
import io.mgw.gateway.resume.SeqScanner;
import io.mgw.gateway.upstream.PodSelector;
import io.mgw.gateway.upstream.UpstreamListener;
import io.mgw.gateway.wire.RawFrame;
import io.netty.buffer.ByteBufHolder;
import io.netty.buffer.ByteBufUtil;
import io.mgw.gateway.upstream.UpstreamConnector;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One session's upstream leg and resume buffering, which outlive a client connection by the grace period.
 * Confined to one event loop (the upstream's, which is the creating client's): every public method hops there.
 *
 * <p>Connect (DESIGN "The session socket"): session hash (takeover when another link recorded a pod), admission
 * ({@code max_concurrent_sessions}), then pod selection and the WebSocket handshake, retried with backoff on 1012,
 * 1013, refusals and connect failures until the connect budget is spent (then 1013 when capacity was the last
 * reason, else 1011). Client frames wait meanwhile in a queue of {@value #QUEUE_FRAMES} frames (about 1 s of 20 ms
 * audio); beyond it the oldest binary frame is dropped and counted.
 *
 * <p>Downstream: frames are forwarded as they came (ownership passes to the client channel's write). A final text
 * frame carrying {@code seq} is appended to the Redis Stream first and forwarded once Redis acknowledged or after
 * {@value #APPEND_WAIT_MILLIS} ms (then the buffer is marked degraded); seq frames keep their order, audio and other
 * frames never wait. The first text frame of a takeover connection is the pod's {@code resumed}, consumed here.
 */
final class SessionLink {

    static final int QUEUE_FRAMES = 50;
    /** JSON frames (injects, DTMF...) are not audio: they stay queued up to this many bytes, oldest dropped beyond. */
    static final int QUEUE_JSON_BYTES = 256 * 1024;
    /** How long a takeover waits for the old gateway's last appends (up to the pod's {@code resumed}). */
    private static final long CATCH_UP_WAIT_MILLIS = 2_000;
    private static final long CATCH_UP_POLL_MILLIS = 50;
    static final long APPEND_WAIT_MILLIS = 50;
    private static final long RESUMED_WAIT_MILLIS = 2_000;
    static final long PROBATION_MILLIS = 1_000;

    private final SessionServices svc;
    private final SessionRoute route;
    private final String sessionId;
    private final EventLoop loop;
    private final Channel firstClient;
    private final ArrayDeque<RawFrame> toPod = new ArrayDeque<>();
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private final Set<String> tried = new HashSet<>();

    private SessionHandler client;
    private Leg leg;
    private boolean connected;
    private boolean takeover;
    private boolean awaitingResumed;
    private boolean probation;
    private ScheduledFuture<?> probationTimer;
    /** The resume buffer may be replayed to a client: no takeover, or the pod's {@code resumed} has arrived. */
    private boolean replayReady;
    private long resumedSeq = SeqScanner.NONE;
    /** The highest seq this link has had from a pod: what a client resuming here may have missed, Redis or not. */
    private long podSeq = SeqScanner.NONE;
    private String preferredPod;
    private long deadlineNanos;
    private int attempts;
    private CloseCode lastFailure = CloseCode.PROXY_ERROR;
    private CloseCode finishing;
    private boolean released;
    private long droppedToPod;
    private long toPodBytes;
    /** A takeover waits for the old gateway's appends: seq frames are held, not appended, meanwhile. */
    private boolean catchingUp;
    private ScheduledFuture<?> grace;
    private ScheduledFuture<?> resumedTimer;

    private final Map<String, String> routing;

    /** @param routing the session's Redis hash as the first client's upgrade read it */
    SessionLink(SessionServices svc, SessionRoute route, EventLoop loop, Channel firstClient, Map<String, String> routing) {
        this.svc = svc;
        this.routing = routing;
        this.route = route;
        this.sessionId = route.sessionId();
        this.loop = loop;
        this.firstClient = firstClient;
    }

    // ---- client side ------------------------------------------------------------------------------------------

    void attach(SessionHandler handler, boolean created) {
        if (!loop.inEventLoop()) {
            loop.execute(() -> attach(handler, created));
            return;
        }
        if (released) {
            svc.registry().attach(sessionId, route, handler, routing);
            return;
        }
        cancelGrace();
        SessionHandler previous = client;
        client = handler;
        if (previous != null && previous != handler) {
            previous.closeWith(CloseCode.REASSIGNED, "replaced by a newer connection to the session");
        }
        // A previous client that stopped reading paused the pod; this one reads the pod as fast as it can take it.
        readPod(handler.channel().isWritable());
        if (created) {
            start();
        } else if (replayReady) {
            handler.beginReplay(Math.max(resumedSeq, podSeq));
        }
    }

    void detach(SessionHandler handler, boolean releaseNow) {
        if (!loop.inEventLoop()) {
            loop.execute(() -> detach(handler, releaseNow));
            return;
        }
        if (client != handler || released) {
            return;
        }
        client = null;
        if (releaseNow) {
            release(false, CloseCode.CLIENT_GONE);
            return;
        }
        readPod(true); // the grace period keeps buffering what the pod sends, whoever paused it
        long graceMillis = svc.config().resume().grace().toMillis();
        grace = loop.schedule(() -> release(true, CloseCode.CLIENT_GONE), graceMillis, TimeUnit.MILLISECONDS);
    }

    /** A client frame toward the pod; ownership passes here. */
    void fromClient(RawFrame frame) {
        if (!loop.inEventLoop()) {
            loop.execute(() -> fromClient(frame));
            return;
        }
        if (released) {
            frame.release();
        } else if (connected && !probation) {
            leg.writer.write(frame.content(), leg.writer.voidPromise());
        } else {
            if (connected) {
                leg.writer.write(frame.content().retainedDuplicate(), leg.writer.voidPromise());
            }
            toPod.add(frame);
            toPodBytes += frame.content().readableBytes();
            while (toPod.size() > QUEUE_FRAMES && (dropOldestAudio() || toPodBytes > QUEUE_JSON_BYTES)) {
                if (toPodBytes > QUEUE_JSON_BYTES) {
                    drop(toPod.poll());
                }
            }
        }
    }

    void flushToPod() {
        if (!loop.inEventLoop()) {
            loop.execute(this::flushToPod);
            return;
        }
        if (connected) {
            leg.writer.flush();
        }
    }

    /** Pauses or resumes reading the pod (the client's channel writability). */
    void readPod(boolean read) {
        if (!loop.inEventLoop()) {
            loop.execute(() -> readPod(read));
            return;
        }
        if (leg != null) {
            leg.channel.config().setAutoRead(read);
        }
    }

    /** The gateway drains: the client is told 1012 (it resumes elsewhere); the upstream stays until taken over. */
    void drain() {
        onLoop(() -> {
            if (!released && client != null) {
                client.closeWith(CloseCode.REASSIGNED, "gateway draining");
            }
        });
    }

    /** The end of a drain: the upstream closes (1001); the pod keeps the session for its grace period. */
    void abandon() {
        onLoop(() -> release(false, CloseCode.CLIENT_GONE));
    }

    void controlEnd() {
        if (!loop.inEventLoop()) {
            loop.execute(this::controlEnd);
            return;
        }
        svc.controlPlane().forget(sessionId);
        if (!released) {
            finish(CloseCode.ENDED, "session ended through the control channel");
        }
    }

    /** Drops the oldest whole binary (audio) frame of the queue; false when it holds none. */
    private boolean dropOldestAudio() {
        var it = toPod.iterator();
        while (it.hasNext()) {
            RawFrame f = it.next();
            if (f.isBinary() && !f.isFragment()) {
                it.remove();
                drop(f);
                return true;
            }
        }
        return false;
    }

    private void drop(RawFrame f) {
        toPodBytes -= f.content().readableBytes();
        f.release();
        droppedToPod++;
    }

    // ---- connect ----------------------------------------------------------------------------------------------

    private void start() {
        deadlineNanos = System.nanoTime() + svc.config().sessionSocket().connectBudget().toNanos();
        preferredPod = routing.get(RedisKeys.SESSION_POD);
        takeover = preferredPod != null;
        // From the start, not once a pod is connected: a DELETE while the connect budget runs must still end it.
        svc.control().subscribe(sessionId);
        if (!takeover) {
            replayReady = true;
            if (client != null) {
                client.beginReplay(SeqScanner.NONE);
            }
        }
        svc.admission().admit(route.deploymentId(), sessionId, route.maxConcurrentSessions())
                .whenComplete((ok, e) -> loop.execute(() -> {
                    if (e != null) {
                        finish(CloseCode.PROXY_ERROR, "admission unreadable");
                    } else if (!ok) {
                        finish(CloseCode.CAPACITY, "max_concurrent_sessions reached");
                    } else {
                        attempt();
                    }
                }));
    }

    private void attempt() {
        if (released) {
            return;
        }
        svc.pods().select(route.deploymentId(), preferredPod, tried).whenComplete((choice, error) -> loop.execute(() -> {
            if (released) {
                return;
            }
            if (error != null) {
                svc.metrics().upstreamConnect("failed");
                retry(CloseCode.PROXY_ERROR);
            } else if (choice instanceof PodSelector.Choice.Pod pod) {
                tried.add(pod.id());
                long remaining = Math.max(100, (deadlineNanos - System.nanoTime()) / 1_000_000);
                Leg next = new Leg(pod.id());
                leg = next;
                svc.connector().connect(firstClient, pod.url(), sessionId, route.deploymentId(), takeover,
                        Math.min(remaining, 3_000), true, next).addListener(f -> {
                            if (leg != next || released) {
                                if (f.isSuccess()) {
                                    ((Channel) f.getNow()).close();
                                }
                            } else if (f.isSuccess()) {
                                svc.metrics().upstreamConnect("ok");
                                connected(next, (Channel) f.getNow());
                            } else {
                                svc.metrics().upstreamConnect("failed");
                                retry(CloseCode.PROXY_ERROR);
                            }
                        });
            } else {
                svc.metrics().upstreamConnect("full");
                retry(CloseCode.CAPACITY);
            }
        }));
    }

    private void retry(CloseCode reason) {
        lastFailure = reason;
        long backoffMillis = Math.min(1_000, 100L << Math.min(attempts++, 4));
        if (System.nanoTime() + backoffMillis * 1_000_000 >= deadlineNanos) {
            finish(lastFailure == CloseCode.CAPACITY ? CloseCode.CAPACITY : CloseCode.PROXY_ERROR,
                    "connect budget spent (" + (lastFailure == CloseCode.CAPACITY ? "capacity" : "pod unreachable") + ")");
            return;
        }
        loop.schedule(this::attempt, backoffMillis, TimeUnit.MILLISECONDS);
    }

    private void connected(Leg next, Channel channel) {
        next.channel = channel;
        next.writer = UpstreamConnector.byteWriter(channel);
        connected = true;
        svc.buffer().assign(sessionId, next.podId, svc.gatewayId());
        // Probation: until the pod sends its first frame (or PROBATION_MILLIS pass) the queued client frames are kept,
        // so a pod that refuses right after the handshake (1012/1013) does not lose them for the next pod.
        for (RawFrame f : toPod) {
            next.writer.write(f.content().retainedDuplicate(), next.writer.voidPromise());
        }
        channel.flush();
        probation = true;
        probationTimer = loop.schedule(this::endProbation, PROBATION_MILLIS, TimeUnit.MILLISECONDS);
        if (takeover) {
            awaitingResumed = true;
            resumedTimer = loop.schedule(() -> resumed(SeqScanner.NONE), RESUMED_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void endProbation() {
        probation = false;
        if (probationTimer != null) {
            probationTimer.cancel(false);
            probationTimer = null;
        }
        while (!toPod.isEmpty()) {
            toPod.poll().release();
        }
        toPodBytes = 0;
    }

    /**
     * The pod's {@code resumed} (or its absence): frames up to {@code lastSeq} went to the old gateway, which may
     * still be appending them. Until the buffer holds {@code lastSeq} (at most {@value #CATCH_UP_WAIT_MILLIS} ms) this
     * link appends nothing: an entry above theirs would make the old gateway's later appends fail (stream ids only
     * grow) and lose those frames. Then the client may replay, and the held frames are appended in order.
     */
    private void resumed(long lastSeq) {
        if (!awaitingResumed) {
            return;
        }
        awaitingResumed = false;
        resumedSeq = lastSeq;
        if (resumedTimer != null) {
            resumedTimer.cancel(false);
        }
        if (lastSeq == SeqScanner.NONE) {
            caughtUp(false);
            return;
        }
        catchingUp = true;
        awaitCatchUp(System.nanoTime() + CATCH_UP_WAIT_MILLIS * 1_000_000);
    }

    private void awaitCatchUp(long deadline) {
        svc.buffer().lastSeq(sessionId).whenComplete((last, error) -> onLoop(() -> {
            if (released) {
                return;
            }
            if (error == null && last >= resumedSeq) {
                caughtUp(false);
            } else if (System.nanoTime() < deadline) {
                loop.schedule(() -> awaitCatchUp(deadline), CATCH_UP_POLL_MILLIS, TimeUnit.MILLISECONDS);
            } else {
                caughtUp(true); // the old gateway died before appending: later resumes must hear of the gap
            }
        }));
    }

    private void caughtUp(boolean gap) {
        catchingUp = false;
        if (gap) {
            svc.buffer().markDegraded(sessionId);
        }
        replayReady = true;
        if (client != null) {
            client.beginReplay(resumedSeq);
        }
        for (Pending p : pending) {
            startAppend(p);
        }
    }

    // ---- downstream -------------------------------------------------------------------------------------------

    private void fromPod(Leg from, RawFrame frame) {
        if (from != leg || released) {
            frame.release();
            return;
        }
        if (!from.sentData) {
            from.sentData = true;
            endProbation();
        }
        if (frame.isWholeText()) {
            if (awaitingResumed) {
                ParseResult<Frame> parsed = FrameJson.parse(ByteBufUtil.getBytes(frame.payload()), 0, frame.payloadLength());
                if (parsed instanceof ParseResult.Ok<Frame> ok && ok.value() instanceof ResumedFrame r) {
                    frame.release();
                    resumed(r.lastSeq());
                    return;
                }
                resumed(SeqScanner.NONE);
            }
            long seq = SeqScanner.seq(frame.payload());
            if (seq != SeqScanner.NONE) {
                podSeq = Math.max(podSeq, seq);
                buffer(frame, seq);
                return;
            }
        }
        deliver(frame, SeqScanner.NONE);
    }

    private void buffer(RawFrame frame, long seq) {
        Pending p = new Pending(frame, seq);
        pending.add(p);
        if (!catchingUp) {
            startAppend(p);
        }
    }

    private void startAppend(Pending p) {
        RawFrame frame = p.frame;
        long seq = p.seq;
        svc.buffer().append(sessionId, seq, ByteBufUtil.getBytes(frame.payload()))
                .whenComplete((ok, error) -> onLoop(() -> {
                    if (error != null) {
                        degraded(p);
                    }
                    p.done = true;
                    deliverReady();
                }));
        svc.buffer().flushAtEndOfTick(loop);
        p.timer = loop.schedule(() -> {
            if (!p.done) {
                degraded(p);
                p.done = true;
                deliverReady();
            }
        }, APPEND_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} on the link's loop: inline when already there (Redis replies arrive there when it shares the loop). */
    private void onLoop(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }

    private void degraded(Pending p) {
        if (!p.degraded) {
            p.degraded = true;
            svc.metrics().resumeDegraded();
            svc.buffer().markDegraded(sessionId);
        }
    }

    private void deliverReady() {
        boolean any = false;
        while (!pending.isEmpty() && pending.peek().done) {
            Pending p = pending.poll();
            p.timer.cancel(false);
            if (released) {
                p.frame.release();
            } else {
                deliver(p.frame, p.seq);
                any = true;
            }
        }
        if (any && client != null) {
            client.flushToClient();
        }
        if (pending.isEmpty() && finishing != null && !released) {
            completeFinish();
        }
    }

    private void deliver(RawFrame frame, long seq) {
        if (client != null) {
            client.deliver(frame, seq);
        } else {
            frame.release();
        }
    }

    private void podClosed(Leg from, int code) {
        if (from != leg || released) {
            return;
        }
        var retryable = CloseCode.retryable(code);
        if (retryable.isPresent() && mayRetry(from)) {
            svc.metrics().upstreamConnect("refused");
            retryWithout(from, retryable.get() == CloseCode.CAPACITY ? CloseCode.CAPACITY : CloseCode.PROXY_ERROR);
            return;
        }
        finish(CloseCode.fromUpstream(code), "pod closed the upstream with " + code);
    }

    private void podInactive(Leg from) {
        if (from != leg || released || !connected || finishing != null) {
            return;
        }
        if (mayRetry(from)) {
            // Gone before it sent anything (a pod that died, or refused and reset the link): the next pod may do.
            svc.metrics().upstreamConnect("failed");
            retryWithout(from, CloseCode.PROXY_ERROR);
            return;
        }
        finish(CloseCode.PROXY_ERROR, "pod connection lost");
    }

    /** A leg that has sent nothing yet, while the connect budget lasts, is a failed attempt rather than a lost link. */
    private boolean mayRetry(Leg from) {
        return !from.sentData && System.nanoTime() < deadlineNanos && finishing == null;
    }

    private void retryWithout(Leg from, CloseCode reason) {
        connected = false;
        probation = false;
        if (probationTimer != null) {
            probationTimer.cancel(false);
        }
        if (resumedTimer != null) {
            resumedTimer.cancel(false);
        }
        awaitingResumed = false;
        from.channel.close();
        retry(reason);
    }

    // ---- the end ----------------------------------------------------------------------------------------------

    /** Closes the client with {@code code} once buffered seq frames are out, then lets the session go. */
    private void finish(CloseCode code, String detail) {
        if (finishing != null || released) {
            return;
        }
        finishing = code;
        finishDetail = detail;
        deliverReady();
        if (pending.isEmpty() && !released) {
            completeFinish();
        }
    }

    private String finishDetail;

    private void completeFinish() {
        if (client != null) {
            SessionHandler c = client;
            client = null;
            c.flushToClient();
            c.closeWith(finishing, finishDetail);
        }
        release(finishing == CloseCode.ENDED, finishing == CloseCode.ENDED ? CloseCode.ENDED : CloseCode.CLIENT_GONE);
    }

    private void release(boolean expire, CloseCode towardPod) {
        if (released) {
            return;
        }
        released = true;
        svc.registry().remove(sessionId, this);
        cancelGrace();
        if (resumedTimer != null) {
            resumedTimer.cancel(false);
        }
        if (probationTimer != null) {
            probationTimer.cancel(false);
        }
        while (!toPod.isEmpty()) {
            toPod.poll().release();
        }
        toPodBytes = 0;
        while (!pending.isEmpty()) {
            Pending p = pending.poll();
            if (p.timer != null) {
                p.timer.cancel(false);
            }
            p.frame.release();
        }
        svc.control().unsubscribe(sessionId); // subscribed in start(), which every link runs before anything else
        svc.admission().release(route.deploymentId(), sessionId, svc.gatewayId());
        if (expire) {
            svc.buffer().expire(sessionId);
        } else {
            svc.buffer().expireUnlessTakenUp(sessionId, svc.gatewayId(), svc.config().resume().grace());
        }
        if (leg != null && leg.channel != null) {
            CloseOnErrorHandler.closeUpstream(leg.channel, towardPod);
        }
        if (client != null) {
            SessionHandler c = client;
            client = null;
            c.closeWith(CloseCode.PROXY_ERROR, "session released");
        }
    }

    private void cancelGrace() {
        if (grace != null) {
            grace.cancel(false);
            grace = null;
        }
    }

    long droppedToPod() {
        return droppedToPod;
    }

    long resumedSeq() {
        return resumedSeq;
    }

    String sessionId() {
        return sessionId;
    }

    private static final class Pending {
        final RawFrame frame;
        final long seq;
        boolean done;
        boolean degraded;
        ScheduledFuture<?> timer;

        Pending(RawFrame frame, long seq) {
            this.frame = frame;
            this.seq = seq;
        }
    }

    /** One connection attempt to a pod; events from a superseded attempt are ignored. */
    private final class Leg implements UpstreamListener {
        final String podId;
        Channel channel;
        /** Where forwarded client frame bytes go (the frame encoder's context: straight to the socket). */
        ChannelHandlerContext writer;
        boolean sentData;

        Leg(String podId) {
            this.podId = podId;
        }

        Channel channel() {
            return channel;
        }

        @Override
        public void onPodFrame(ByteBufHolder frame) {
            if (frame == null) {
                if (this == leg && client != null) {
                    client.flushToClient();
                }
                return;
            }
            fromPod(this, (RawFrame) frame);
        }

        @Override
        public void onPodClose(int code) {
            podClosed(this, code);
        }

        @Override
        public void onPodInactive() {
            podInactive(this);
        }

        @Override
        public void onPodWritability(boolean writable) {
            if (this == leg && client != null) {
                client.readClient(writable);
            }
        }
    }
}
