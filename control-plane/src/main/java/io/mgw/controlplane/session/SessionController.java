package io.mgw.controlplane.session;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.mgw.controlplane.auth.Caller;
import io.mgw.controlplane.common.ListPage;
import io.mgw.controlplane.session.SessionRequests.CreateSession;
import io.mgw.controlplane.session.SessionRequests.Inject;
import io.mgw.controlplane.session.SessionViews.Handoffs;
import io.mgw.controlplane.session.SessionViews.Injected;
import io.mgw.controlplane.session.SessionViews.SessionCreated;
import io.mgw.controlplane.session.SessionViews.SessionView;
import io.mgw.controlplane.session.history.MetricWindow;
import io.mgw.controlplane.session.history.SessionError;
import io.mgw.controlplane.session.history.TranscriptLine;
import java.util.List;

/** {@code /api/v1/streaming-sessions}: sessions and what they left behind. */
@Controller("/api/v1/streaming-sessions")
@ExecuteOn(TaskExecutors.BLOCKING)
public class SessionController {

    private final SessionService sessions;
    private final SessionHistoryService history;

    public SessionController(SessionService sessions, SessionHistoryService history) {
        this.sessions = sessions;
        this.history = history;
    }

    @Post
    public HttpResponse<SessionCreated> create(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
                                               @Body @Nullable CreateSession request) {
        return HttpResponse.created(sessions.create(caller, request));
    }

    @Get
    public ListPage<SessionView> list(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
                                      @QueryValue @Nullable String workflowId, @QueryValue @Nullable String status,
                                      @QueryValue @Nullable String limit, @QueryValue @Nullable String offset,
                                      @QueryValue @Nullable String sort) {
        return sessions.list(caller, workflowId, status, limit, offset, sort);
    }

    @Get("/{id}")
    public SessionView get(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, String id) {
        return sessions.get(caller, id);
    }

    @Delete("/{id}")
    public HttpResponse<Void> end(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, String id) {
        sessions.end(caller, id);
        return HttpResponse.noContent();
    }

    @Post("/{id}/inject")
    public Injected inject(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, String id,
                           @Body @Nullable Inject request) {
        return sessions.inject(caller, id, request);
    }

    @Get("/{id}/transcript")
    public ListPage<TranscriptLine> transcript(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, String id,
                                               @QueryValue @Nullable String limit,
                                               @QueryValue @Nullable String offset) {
        return history.transcript(caller, id, limit, offset);
    }

    @Get("/{id}/metrics")
    public List<MetricWindow> metrics(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, String id) {
        return history.metrics(caller, id);
    }

    @Get("/{id}/errors")
    public List<SessionError> errors(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, String id) {
        return history.errors(caller, id);
    }

    @Get("/{id}/handoffs")
    public Handoffs handoffs(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, String id) {
        return history.handoffs(caller, id);
    }
}
