package io.mgw.controlplane.chat;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.mgw.controlplane.auth.BrowserSession;
import io.mgw.controlplane.auth.Caller;
import io.mgw.controlplane.chat.ChatService.WatchedRun;
import io.mgw.controlplane.chat.ChatViews.ChatView;
import io.mgw.controlplane.chat.ChatViews.CreateChatRequest;
import io.mgw.controlplane.chat.ChatViews.RunView;
import io.mgw.controlplane.chat.ChatViews.StartRunRequest;
import io.mgw.controlplane.common.ListPage;
import io.mgw.controlplane.common.PageRequest;
import io.mgw.controlplane.error.ApiException;
import io.mgw.controlplane.runstream.RunStreamEncoder;
import java.util.regex.Pattern;
import org.reactivestreams.Publisher;

/**
 * {@code /api/chats}: a user's chats, the workflow runs started in them, and each run's live SSE stream
 * (workflow-run-sse-stream.txt). A browser calls these with its login-session cookie, other clients with an API key.
 */
@Controller("/api/chats")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ChatController {

    /** The request header an EventSource sends on reconnect: the {@code id:} of the last event it received. */
    public static final String LAST_EVENT_ID = "Last-Event-ID";
    private static final Pattern SEQ = Pattern.compile("\\d{1,18}");

    private final ChatService chats;
    private final RunStreamEncoder encoder;

    public ChatController(ChatService chats, RunStreamEncoder encoder) {
        this.chats = chats;
        this.encoder = encoder;
    }

    @Post
    @BrowserSession
    public HttpResponse<ChatView> create(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
                                         @Body @Nullable CreateChatRequest request) {
        return HttpResponse.created(chats.create(caller, request));
    }

    @Get
    @BrowserSession
    public ListPage<ChatView> list(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @QueryValue @Nullable String limit,
                                   @QueryValue @Nullable String offset) {
        return chats.list(caller, PageRequest.of(limit, offset, 50));
    }

    @Get("/{chatId}")
    @BrowserSession
    public ChatView get(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, String chatId) {
        return chats.get(caller, chatId);
    }

    @Post("/{chatId}/workflow-runs")
    @BrowserSession
    public HttpResponse<RunView> startRun(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, String chatId,
                                          @Body @Nullable StartRunRequest request) {
        return HttpResponse.created(chats.startRun(caller, chatId, request));
    }

    /**
     * The run's events as SSE, each with {@code id:} its seq; after {@code Last-Event-ID} when given. A finished run
     * replays and ends; 204 when a finished run has nothing after {@code Last-Event-ID}, which tells an EventSource
     * to stop reconnecting.
     */
    @Get(uri = "/{chatId}/workflow-runs/{workflowRunId}/stream", produces = MediaType.TEXT_EVENT_STREAM)
    @BrowserSession
    public HttpResponse<Publisher<byte[]>> stream(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, String chatId,
                                                  String workflowRunId,
                                                  @Header(LAST_EVENT_ID) @Nullable String lastEventId) {
        long after = 0;
        if (lastEventId != null && !lastEventId.isBlank()) {
            if (!SEQ.matcher(lastEventId.trim()).matches()) {
                throw ApiException.invalidField(LAST_EVENT_ID, LAST_EVENT_ID + " must be the id of an event of this stream");
            }
            after = Long.parseLong(lastEventId.trim());
        }
        WatchedRun watched = chats.watch(caller, chatId, workflowRunId);
        if (watched.progress().finished() && after >= watched.progress().lastEventSeq()) {
            return HttpResponse.noContent();
        }
        return HttpResponse.<Publisher<byte[]>>ok(encoder.sse(watched.run().id(), after))
                .contentType(MediaType.TEXT_EVENT_STREAM_TYPE)
                .header("Cache-Control", "no-cache")
                .header("Connection", "keep-alive")
                // Proxies such as nginx would otherwise buffer the stream and deliver it at the end.
                .header("X-Accel-Buffering", "no");
    }
}
