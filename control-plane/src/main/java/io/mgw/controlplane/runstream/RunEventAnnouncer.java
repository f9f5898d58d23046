package io.mgw.controlplane.runstream;

import io.micronaut.transaction.annotation.TransactionalEventListener;
import io.mgw.adapters.contract.RedisKeys;
import io.mgw.controlplane.execution.RunEventStored;
import io.mgw.controlplane.redis.RedisFactory.RedisConnections;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Announces each stored run event on the run's Pub/Sub channel once its transaction has committed, so whichever
 * control-plane replica holds a stream of that run reads it from PostgreSQL. Fire and forget: a lost announcement
 * only delays the event until the holder's next poll.
 */
@Singleton
public class RunEventAnnouncer {

    private static final Logger LOG = LoggerFactory.getLogger(RunEventAnnouncer.class);

    private final RedisConnections redis;

    public RunEventAnnouncer(RedisConnections redis) {
        this.redis = redis;
    }

    @TransactionalEventListener(TransactionalEventListener.TransactionPhase.AFTER_COMMIT)
    public void onStored(RunEventStored stored) {
        try {
            redis.shared().async().publish(RedisKeys.runEvents(stored.executionId().toString()), Long.toString(stored.seq()))
                    .exceptionally(failure -> {
                        LOG.debug("announcing event {} of run {} failed: {}", stored.seq(), stored.executionId(),
                                failure.toString());
                        return 0L;
                    });
        } catch (RuntimeException e) {
            LOG.debug("announcing event {} of run {} failed: {}", stored.seq(), stored.executionId(), e.toString());
        }
    }
}
