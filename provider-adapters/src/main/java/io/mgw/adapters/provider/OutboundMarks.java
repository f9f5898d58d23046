package io.mgw.adapters.provider;

import io.mgw.adapters.frame.Frame;
import io.mgw.adapters.frame.MarkFrame;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Marks sent to a provider and not yet answered, so each is reported to the pod exactly once:
 * when the provider echoes it, or when a clear drops the audio before it (for providers that do not
 * echo pending marks on clear themselves). Bounded: the oldest is forgotten past the limit.
 */
public final class OutboundMarks {

    /** Marks remembered at most. */
    public static final int LIMIT = 256;

    private final LinkedHashSet<String> pending = new LinkedHashSet<>();

    /** Records a mark sent to the provider. */
    public void sent(String name) {
        pending.remove(name);
        pending.add(name);
        if (pending.size() > LIMIT) {
            Iterator<String> oldest = pending.iterator();
            oldest.next();
            oldest.remove();
        }
    }

    /** Whether the echoed mark was outstanding (and now is not). */
    public boolean acknowledge(String name) {
        return pending.remove(name);
    }

    /** All outstanding marks as frames, oldest first; forgets them. */
    public List<Frame> drainAsFrames() {
        List<Frame> frames = new ArrayList<>(pending.size());
        for (String name : pending) {
            frames.add(new MarkFrame(name));
        }
        pending.clear();
        return frames;
    }

    /** A read-only copy of the outstanding names. */
    public Set<String> snapshot() {
        return Set.copyOf(pending);
    }
}
