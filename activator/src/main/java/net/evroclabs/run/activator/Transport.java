package net.evroclabs.run.activator;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/** Native epoll where available, NIO otherwise. */
public record Transport(
    boolean epoll,
    Class<? extends ServerSocketChannel> serverChannel,
    Class<? extends SocketChannel> channel) {

  /** The best transport on this machine. */
  public static Transport detect() {
    if (Epoll.isAvailable()) {
      return new Transport(true, EpollServerSocketChannel.class, EpollSocketChannel.class);
    }
    return new Transport(false, NioServerSocketChannel.class, NioSocketChannel.class);
  }

  public EventLoopGroup group(int threads, String name) {
    DefaultThreadFactory factory = new DefaultThreadFactory(name, true);
    return epoll
        ? new EpollEventLoopGroup(threads, factory)
        : new NioEventLoopGroup(threads, factory);
  }
}
