package io.mgw.service;

import io.lettuce.core.resource.DefaultEventLoopGroupProvider;
import io.lettuce.core.resource.EventLoopGroupProvider;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Hands Lettuce the server's own event-loop group for the server's transport, so a Redis connection lives on the
 * same thread as the sockets that use it (DESIGN "Hot path"): replies complete futures without a thread hop, and one
 * flush per event-loop tick can carry many commands. Any other group Lettuce asks for comes from its default
 * provider. The shared group belongs to the server: releasing it here is a no-op.
 */
final class SharedEventLoopGroupProvider implements EventLoopGroupProvider {

    private final EventLoopGroup shared;
    private final Class<? extends EventLoopGroup> sharedType;
    private final int threads;
    private final DefaultEventLoopGroupProvider others = new DefaultEventLoopGroupProvider(1);

    SharedEventLoopGroupProvider(EventLoopGroup shared, Class<? extends EventLoopGroup> sharedType, int threads) {
        this.shared = shared;
        this.sharedType = sharedType;
        this.threads = threads;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends EventLoopGroup> T allocate(Class<T> type) {
        return type == sharedType ? (T) shared : others.allocate(type);
    }

    @Override
    public int threadPoolSize() {
        return threads;
    }

    @Override
    public Future<Boolean> release(EventExecutorGroup group, long quietPeriod, long timeout, TimeUnit unit) {
        if (group == shared) {
            return ImmediateEventExecutor.INSTANCE.newSucceededFuture(true);
        }
        return others.release(group, quietPeriod, timeout, unit);
    }

    @Override
    public Future<Boolean> shutdown(long quietPeriod, long timeout, TimeUnit unit) {
        return others.shutdown(quietPeriod, timeout, unit);
    }
}
