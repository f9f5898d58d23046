package io.mgw.controlplane.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.core.annotation.Nullable;
import io.mgw.controlplane.auth.Caller;
import io.mgw.controlplane.auth.Scope;
import io.mgw.controlplane.chat.ChatViews.ChatView;
import io.mgw.controlplane.chat.ChatViews.CreateChatRequest;
import io.mgw.controlplane.chat.ChatViews.RunView;
import io.mgw.controlplane.chat.ChatViews.StartRunRequest;
import io.mgw.controlplane.common.ListPage;
import io.mgw.controlplane.common.PageRequest;
import io.mgw.controlplane.error.ApiException;
import io.mgw.controlplane.execution.Execution;
import io.mgw.controlplane.execution.ExecutionRepository;
import io.mgw.controlplane.execution.ExecutionRepository.Progress;
import io.mgw.controlplane.execution.ExecutionService;
import io.mgw.controlplane.workflow.Workflow;
import io.mgw.controlplane.workflow.WorkflowAccess;
import io.mgw.controlplane.workflow.WorkflowType;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Chats and the workflow runs started in them. Reading takes {@code workflows:read}, creating a chat or starting a
 * run {@code workflows:execute}. Errors as the SSE document has them, in DESIGN's order: 400 for an id that is not a
 * UUID, 403 without the scope, 404 for a chat of no or another organization, 403 for another user's chat, 404 for a
 * run that is not the chat's. A chat's runs are draft runs of the workflow's current graph on the draft pool.
 */
@Singleton
public class ChatService {

    private static final int MAX_TITLE_LENGTH = 200;
    private static final int RUNS_SHOWN = 50;

    private final ChatRepository chats;
    private final WorkflowAccess workflows;
    private final ExecutionService runs;
    private final ExecutionRepository executions;
    private final ObjectMapper json;
    private final Clock clock;

    public ChatService(ChatRepository chats, WorkflowAccess workflows, ExecutionService runs,
                       ExecutionRepository executions, ObjectMapper json, Clock clock) {
        this.chats = chats;
        this.workflows = workflows;
        this.runs = runs;
        this.executions = executions;
        this.json = json;
        this.clock = clock;
    }

    /** A run of a chat the caller may watch, and how far it has got. */
    public record WatchedRun(Execution run, Progress progress) {
    }

    public ChatView create(Caller caller, @Nullable CreateChatRequest request) {
        String title = request == null || request.title() == null || request.title().isBlank() ? null
                : request.title().trim();
        if (title != null && title.length() > MAX_TITLE_LENGTH) {
            throw ApiException.invalidField("title", "title must be at most " + MAX_TITLE_LENGTH + " characters");
        }
        String workflowId = request == null ? null : request.workflowId();
        if (workflowId != null) {
            WorkflowAccess.requireWellFormed(workflowId);
        }
        caller.requireScope(Scope.WORKFLOWS_EXECUTE);
        if (workflowId != null) {
            runnable(caller, workflowId);
        }
        Instant now = clock.instant();
        return ChatView.of(chats.save(new Chat(UUID.randomUUID(), caller.organizationId(), caller.userId(), workflowId,
                title, now, now)), null);
    }

    /** The caller's own chats, newest first. */
    public ListPage<ChatView> list(Caller caller, PageRequest page) {
        caller.requireScope(Scope.WORKFLOWS_READ);
        return ListPage.of(chats.countByUserId(caller.userId()), page,
                chats.listOfUser(caller.userId(), page.limit(), page.offset()).stream().map(c -> ChatView.of(c, null))
                        .toList());
    }

    public ChatView get(Caller caller, String chatId) {
        UUID id = uuid(chatId, "chatId");
        caller.requireScope(Scope.WORKFLOWS_READ);
        Chat chat = owned(caller, id, chatId);
        return ChatView.of(chat, executions.ofChat(chat.id(), RUNS_SHOWN).stream().map(RunView::of).toList());
    }

    /** Starts a run of the body's workflow (default: the chat's) with the body's {@code inputs}. */
    public RunView startRun(Caller caller, String chatId, @Nullable StartRunRequest request) {
        UUID id = uuid(chatId, "chatId");
        String workflowId = request == null ? null : request.workflowId();
        if (workflowId != null) {
            WorkflowAccess.requireWellFormed(workflowId);
        }
        JsonNode inputs = request == null || request.inputs() == null || request.inputs().isNull()
                ? json.createObjectNode() : request.inputs();
        if (!inputs.isObject()) {
            throw ApiException.invalidField("inputs", "inputs must be an object");
        }
        caller.requireScope(Scope.WORKFLOWS_EXECUTE);
        Chat chat = owned(caller, id, chatId);
        String chosen = workflowId != null ? workflowId : chat.workflowId();
        if (chosen == null) {
            throw ApiException.invalidField("workflowId", "workflowId is required: chat " + chatId + " has no workflow of its own");
        }
        Workflow workflow = runnable(caller, chosen);
        return RunView.of(runs.startDraft(workflow, caller.userId(), "chat", "api", "development", inputs, chat.id(),
                null));
    }

    /** The run to stream, checked in the SSE document's order (the caller's {@code Last-Event-ID} already parsed). */
    public WatchedRun watch(Caller caller, String chatId, String workflowRunId) {
        UUID chat = uuid(chatId, "chatId");
        UUID run = uuid(workflowRunId, "workflowRunId");
        caller.requireScope(Scope.WORKFLOWS_READ);
        owned(caller, chat, chatId);
        Execution execution = executions.find(run).filter(e -> chat.equals(e.chatId()))
                .orElseThrow(() -> ApiException.notFound("workflow run", workflowRunId));
        Progress progress = executions.progress(run).orElseThrow(() -> ApiException.notFound("workflow run", workflowRunId));
        return new WatchedRun(execution, progress);
    }

    /** 400 unless {@code value} is a UUID, naming {@code field}. */
    private static UUID uuid(String value, String field) {
        try {
            if (value == null || value.length() != 36) {
                throw new IllegalArgumentException();
            }
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField(field, field + " must be a UUID");
        }
    }

    private Chat owned(Caller caller, UUID id, String chatId) {
        Chat chat = chats.findById(id).filter(c -> c.organizationId().equals(caller.organizationId()))
                .orElseThrow(() -> ApiException.notFound("chat", chatId));
        if (!chat.userId().equals(caller.userId())) {
            throw ApiException.forbidden("chat " + chatId + " belongs to another user");
        }
        return chat;
    }

    private Workflow runnable(Caller caller, String workflowId) {
        Workflow workflow = workflows.read(caller, workflowId, Scope.WORKFLOWS_EXECUTE);
        if (!WorkflowType.BATCH.wireName().equals(workflow.workflowType())) {
            throw ApiException.conflict("workflow " + workflowId + " is a streaming workflow; chats run batch workflows");
        }
        return workflow;
    }
}
