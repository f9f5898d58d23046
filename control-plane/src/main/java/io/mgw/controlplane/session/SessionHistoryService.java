package io.mgw.controlplane.session;

import io.micronaut.core.annotation.Nullable;
import io.mgw.controlplane.auth.Caller;
import io.mgw.controlplane.auth.Scope;
import io.mgw.controlplane.common.ListPage;
import io.mgw.controlplane.common.PageRequest;
import io.mgw.controlplane.session.history.HandoffRepository;
import io.mgw.controlplane.session.history.MetricWindow;
import io.mgw.controlplane.session.history.MetricWindowRepository;
import io.mgw.controlplane.session.history.SessionError;
import io.mgw.controlplane.session.history.SessionErrorRepository;
import io.mgw.controlplane.session.history.TranscriptLine;
import io.mgw.controlplane.session.history.TranscriptRepository;
import jakarta.inject.Singleton;
import java.util.List;

/** What a session left behind, oldest first: transcript, metric windows, errors and handoffs. */
@Singleton
public class SessionHistoryService {

    private static final int DEFAULT_TRANSCRIPT_LIMIT = 50;

    private final SessionService sessions;
    private final TranscriptRepository transcripts;
    private final MetricWindowRepository metrics;
    private final SessionErrorRepository errors;
    private final HandoffRepository handoffs;

    public SessionHistoryService(SessionService sessions, TranscriptRepository transcripts,
                                 MetricWindowRepository metrics, SessionErrorRepository errors,
                                 HandoffRepository handoffs) {
        this.sessions = sessions;
        this.transcripts = transcripts;
        this.metrics = metrics;
        this.errors = errors;
        this.handoffs = handoffs;
    }

    public ListPage<TranscriptLine> transcript(Caller caller, String sessionId, @Nullable String limit,
                                               @Nullable String offset) {
        PageRequest page = PageRequest.of(limit, offset, DEFAULT_TRANSCRIPT_LIMIT);
        StreamingSession session = sessions.find(caller, sessionId, Scope.STREAMING_SESSIONS_READ);
        return ListPage.of(transcripts.countBySessionId(session.id()), page,
                transcripts.page(session.id(), page.limit(), page.offset()));
    }

    public List<MetricWindow> metrics(Caller caller, String sessionId) {
        return metrics.ofSession(sessions.find(caller, sessionId, Scope.STREAMING_SESSIONS_READ).id());
    }

    public List<SessionError> errors(Caller caller, String sessionId) {
        return errors.ofSession(sessions.find(caller, sessionId, Scope.STREAMING_SESSIONS_READ).id());
    }

    public SessionViews.Handoffs handoffs(Caller caller, String sessionId) {
        return new SessionViews.Handoffs(handoffs.ofSession(
                sessions.find(caller, sessionId, Scope.STREAMING_SESSIONS_READ).id()));
    }
}
