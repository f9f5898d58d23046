package io.mgw.service;

import io.netty.channel.DefaultSelectStrategyFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.SelectStrategyFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.time.Duration;

/** The Netty transport: native epoll on Linux when it loads (DESIGN, hot path), NIO otherwise. */
record Transport(String name, IoHandlerFactory ioHandlerFactory,
                 Class<? extends ServerChannel> serverChannelType, Class<? extends SocketChannel> socketChannelType,
                 Class<? extends EventLoopGroup> lettuceGroupType) {

    /**
     * @param wakeupCoalescing how long an idle event loop waits before polling ({@link CoalescingSelectStrategy});
     *                         zero for Netty's own strategy (block at once)
     * @return epoll or NIO; {@code lettuceGroupType} is the group class Lettuce asks its provider for on the same
     *         transport (Lettuce still names the Netty 4.1 group classes)
     */
    @SuppressWarnings("deprecation")
    static Transport best(Duration wakeupCoalescing) {
        SelectStrategyFactory strategy = wakeupCoalescing.isZero()
                ? DefaultSelectStrategyFactory.INSTANCE
                : () -> new CoalescingSelectStrategy(wakeupCoalescing);
        return Epoll.isAvailable()
                // 0 events: Netty's default array, grown when a poll fills it.
                ? new Transport("epoll", EpollIoHandler.newFactory(0, strategy), EpollServerSocketChannel.class,
                        EpollSocketChannel.class, io.netty.channel.epoll.EpollEventLoopGroup.class)
                : new Transport("nio", NioIoHandler.newFactory(SelectorProvider.provider(), strategy),
                        NioServerSocketChannel.class, NioSocketChannel.class, io.netty.channel.nio.NioEventLoopGroup.class);
    }
}
