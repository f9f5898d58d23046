package io.mgw.controlplane.execution;

import io.lettuce.core.api.sync.RedisCommands;
import io.mgw.adapters.contract.RedisKeys;
import io.mgw.controlplane.redis.RedisFactory.RedisConnections;
import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds batch runs whose runtime died: a runtime holds a lease ({@link RedisKeys#run}) on every run it accepted,
 * refreshed while the run goes on and kept a while after it ended. A run still queued or running after
 * {@code mgw.runs.lost-after} whose lease is gone has lost its pod: a queue message gets another delivery (while it
 * has attempts left), any other run is marked failed. Runs waiting in the durable queue are not looked at. Safe with
 * several control planes: the updates only apply to a run still unfinished (and a message still leased).
 */
@Singleton
public class LostRunReaper {

    private static final Logger log = LoggerFactory.getLogger(LostRunReaper.class);
    private static final int BATCH = 200;

    private final ExecutionRepository executions;
    private final QueueStore queue;
    private final RedisConnections redis;
    private final Clock clock;
    private final Duration lostAfter;

    public LostRunReaper(ExecutionRepository executions, QueueStore queue, RedisConnections redis, Clock clock,
                         @Value("${mgw.runs.lost-after:60s}") Duration lostAfter) {
        this.executions = executions;
        this.queue = queue;
        this.redis = redis;
        this.clock = clock;
        this.lostAfter = lostAfter;
    }

    /** What one pass found. */
    public record Pass(int redelivered, int failed) {
    }

    @Scheduled(fixedDelay = "${mgw.runs.reaper-interval:15s}", initialDelay = "${mgw.runs.reaper-interval:15s}")
    void scheduledPass() {
        try {
            Pass pass = reap();
            if (pass.redelivered() + pass.failed() > 0) {
                log.info("lost runs: {} redelivered, {} failed", pass.redelivered(), pass.failed());
            }
        } catch (RuntimeException e) {
            log.warn("lost-run pass failed: {}", e.toString());
        }
    }

    /** One pass over the runs that should be on a runtime by now. */
    public Pass reap() {
        Instant now = clock.instant();
        RedisCommands<String, String> commands = redis.shared().sync();
        int redelivered = 0;
        int failed = 0;
        for (UUID id : executions.handedOverBefore(now.minus(lostAfter), BATCH)) {
            if (commands.exists(RedisKeys.run(id.toString())) > 0) {
                continue;
            }
            String error = "the run was lost: the runtime running it stopped reporting (no lease in "
                    + RedisKeys.run(id.toString()) + ")";
            if (queue.runLost(id, error, now)) {
                redelivered++;
            } else {
                failed++;
            }
            log.warn("run {} lost its runtime", id);
        }
        return new Pass(redelivered, failed);
    }
}
