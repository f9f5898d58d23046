package io.mgw.runtime.engine;

import io.mgw.adapters.audio.AudioFormat;
import io.mgw.adapters.frame.StartFrame;
import java.util.List;
import java.util.Set;

/**
 * What the nodes of one session know about it: its ids, the call and audio format from {@code start} (PCM16 16 kHz
 * mono until then), whether the caller sends JSON audio, the agent in charge and the conversation so far. Confined
 * to the session's executor.
 */
public final class SessionState {

    private final String sessionId;
    private final String deploymentId;
    private final String organizationId;
    private final Conversation conversation = new Conversation();
    private StartFrame.Call call;
    private StartFrame.Audio audio = StartFrame.Audio.DEFAULT;
    private boolean jsonAudio;
    private CurrentAgent agent;
    private Set<String> agentNames = Set.of();
    private boolean dispositionRecorded;

    /** The agent in charge: its name, instructions and the tools attached to it. */
    public record CurrentAgent(String name, String instructions, List<AgentTool> tools) {
        public CurrentAgent {
            tools = List.copyOf(tools);
        }
    }

    /** A tool an agent may call: a node attached to the agent's {@code tools} port. */
    public record AgentTool(String name, String description, String nodeId) {
    }

    public SessionState(String sessionId, String deploymentId, String organizationId) {
        this.sessionId = sessionId;
        this.deploymentId = deploymentId;
        this.organizationId = organizationId;
    }

    /**
     * Claims the session's one disposition: true the first time (the caller records it), false after. A call has one
     * end-of-call result, so a disposition node on a branch the caller did not take records nothing.
     */
    public boolean claimDisposition() {
        if (dispositionRecorded) {
            return false;
        }
        dispositionRecorded = true;
        return true;
    }

    public String sessionId() {
        return sessionId;
    }

    public String deploymentId() {
        return deploymentId;
    }

    public String organizationId() {
        return organizationId;
    }

    /** The telephony call from {@code start}, or null (an app session without one). */
    public StartFrame.Call call() {
        return call;
    }

    /** The session's audio format ({@code start.audio}, else the default). */
    public StartFrame.Audio audio() {
        return audio;
    }

    /** {@link #audio()} as an adapters {@link AudioFormat} (mono). */
    public AudioFormat audioFormat() {
        return new AudioFormat(audio.encoding(), audio.sampleRate(), 1);
    }

    /** Whether audio toward the caller should go as JSON frames (the caller sends JSON audio). */
    public boolean jsonAudio() {
        return jsonAudio;
    }

    public CurrentAgent agent() {
        return agent;
    }

    public Conversation conversation() {
        return conversation;
    }

    /** Whether the workflow has an agent named {@code name}. */
    public boolean hasAgent(String name) {
        return agentNames.contains(name);
    }

    void agentNames(Set<String> names) {
        agentNames = Set.copyOf(names);
    }

    void started(StartFrame start) {
        if (start.call() != null) {
            call = start.call();
        }
        if (start.audio() != null && start.audio().encoding() != null && start.audio().sampleRate() > 0) {
            audio = start.audio();
        }
    }

    void callerSentJsonAudio() {
        jsonAudio = true;
    }

    /** Puts {@code next} in charge (a handoff or the first agent). */
    public void agent(CurrentAgent next) {
        agent = next;
    }
}
