package org.vmbussim.azblob.vsp.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmbussim.azblob.vsp.backend.BlobBackend;
import org.vmbussim.azblob.protocol.HttpFields;
import org.vmbussim.azblob.vsp.backend.BlobOutcome;
import org.vmbussim.azblob.vsp.backend.BlobRequest;
import org.vmbussim.azblob.vsp.backend.BlobResponse;
import org.vmbussim.uapi.Errno;

/**
 * Serves a {@link BlobBackend} over HTTP/1.1 (path-style URLs {@code /{account}/{container}/{blob}}),
 * by default on 127.0.0.1, so curl and the Azure SDK can talk to the same store the fast path uses.
 *
 * <p>Built on Netty rather than the JDK's com.sun.net.httpserver: TCP_NODELAY is set per accepted
 * socket (the JDK server only has a JVM-wide system property, a global that several servers in one
 * JVM would share), the same netty-codec-http parses heads here and on the fast path, request bodies
 * are bounded by the aggregator, and every thread belongs to groups this server owns and shuts down
 * with a bound. One I/O thread accepts and frames; backend calls (which block on disk or network) run
 * on a separate worker group. Responses echo keep-alive; a backend that cannot carry a request
 * answers 504 (ETIMEDOUT) or 502 (any other errno) with {@code x-ms-error-code}.
 */
public final class BlobHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BlobHttpServer.class);
    private static final AtomicInteger SERVER_IDS = new AtomicInteger();

    private final EventLoopGroup ioGroup;
    private final ExecutorService workers;
    private final ChannelGroup channels;
    private final Channel serverChannel;
    private final InetSocketAddress address;
    private final Duration shutdownTimeout;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Settings of the server.
     *
     * @param bindAddress the address to listen on (loopback by default)
     * @param port the port, 0 for any free one
     * @param workerThreads threads running backend calls
     * @param maxBodyBytes largest request body accepted (larger: 413)
     * @param shutdownTimeout bound on {@link #close()}
     */
    public record Options(InetAddress bindAddress, int port, int workerThreads, int maxBodyBytes,
                          Duration shutdownTimeout) {
        /**
         * Validates the settings.
         *
         * @param bindAddress the address
         * @param port the port
         * @param workerThreads worker count
         * @param maxBodyBytes largest body
         * @param shutdownTimeout close bound
         */
        public Options {
            if (bindAddress == null || port < 0 || port > 65535 || workerThreads < 1 || maxBodyBytes < 0
                    || shutdownTimeout == null || shutdownTimeout.isNegative()) {
                throw new IllegalArgumentException("invalid server options");
            }
        }

        /**
         * Loopback, a free port, 4 workers, 256 MiB bodies, 5 s shutdown bound.
         *
         * @return the defaults
         */
        public static Options defaults() {
            return new Options(InetAddress.getLoopbackAddress(), 0, 4, 256 << 20, Duration.ofSeconds(5));
        }

        /**
         * The same options on another port.
         *
         * @param newPort the port, 0 for any free one
         * @return the options
         */
        public Options withPort(final int newPort) {
            return new Options(bindAddress, newPort, workerThreads, maxBodyBytes, shutdownTimeout);
        }
    }

    private BlobHttpServer(final BlobBackend backend, final Options options) throws InterruptedException {
        final int id = SERVER_IDS.incrementAndGet();
        this.shutdownTimeout = options.shutdownTimeout();
        this.ioGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("vsp-http-io-" + id, true),
                NioIoHandler.newFactory());
        this.workers = Executors.newFixedThreadPool(options.workerThreads(),
                new DefaultThreadFactory("vsp-http-worker-" + id, true));
        this.channels = new DefaultChannelGroup("vsp-http-" + id, ioGroup.next());
        final ServerBootstrap bootstrap = new ServerBootstrap()
                .group(ioGroup)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(final SocketChannel ch) {
                        channels.add(ch);
                        ch.pipeline().addLast(new HttpServerCodec())
                                .addLast(new HttpServerExpectContinueHandler())
                                .addLast(new HttpObjectAggregator(options.maxBodyBytes()))
                                .addLast(new Handler(backend, workers));
                    }
                });
        Channel bound = null;
        try {
            bound = bootstrap.bind(options.bindAddress(), options.port()).sync().channel();
        } finally {
            if (bound == null) {
                shutdownGroups();
            }
        }
        this.serverChannel = bound;
        this.address = (InetSocketAddress) bound.localAddress();
        LOG.debug("blob HTTP front listening on {}", address);
    }

    /**
     * Starts a server with the default options on a free loopback port.
     *
     * @param backend the backend to serve (not closed by the server)
     * @return the running server
     */
    public static BlobHttpServer start(final BlobBackend backend) {
        return start(backend, Options.defaults());
    }

    /**
     * Starts a server.
     *
     * @param backend the backend to serve (not closed by the server)
     * @param options the settings
     * @return the running server
     * @throws IllegalStateException when the port cannot be bound
     */
    public static BlobHttpServer start(final BlobBackend backend, final Options options) {
        try {
            return new BlobHttpServer(backend, options);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding", e);
        } catch (final RuntimeException e) {
            throw new IllegalStateException("cannot bind " + options.bindAddress() + ":" + options.port(), e);
        }
    }

    /**
     * The bound address.
     *
     * @return address and port
     */
    public InetSocketAddress address() {
        return address;
    }

    /**
     * The bound port.
     *
     * @return the port
     */
    public int port() {
        return address.getPort();
    }

    /**
     * The Blob endpoint URL of an account on this server, e.g. {@code http://127.0.0.1:5000/devstoreaccount1}.
     *
     * @param account the account
     * @return the endpoint
     */
    public URI endpoint(final String account) {
        return URI.create("http://" + address.getAddress().getHostAddress() + ":" + port() + "/" + account);
    }

    /** Stops listening, closes connections and stops every thread, each step bounded. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        final long bound = shutdownTimeout.toMillis();
        serverChannel.close().awaitUninterruptibly(bound);
        channels.close().awaitUninterruptibly(bound);
        shutdownGroups();
    }

    private void shutdownGroups() {
        final long bound = shutdownTimeout.toMillis();
        workers.shutdown();
        ioGroup.shutdownGracefully(0, bound, TimeUnit.MILLISECONDS);
        boolean stopped;
        try {
            stopped = workers.awaitTermination(bound, TimeUnit.MILLISECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = false;
        }
        if (!stopped) {
            workers.shutdownNow();
        }
        if (!ioGroup.terminationFuture().awaitUninterruptibly(bound) || !stopped) {
            LOG.warn("blob HTTP front threads did not stop within {} ms", bound);
        }
    }

    /**
     * Converts each aggregated request on the I/O thread (the request is released when this returns),
     * then runs the backend call on a worker thread and writes the response from there (Netty
     * hands the write to the channel's event loop).
     */
    private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final BlobBackend backend;
        private final ExecutorService workers;

        Handler(final BlobBackend backend, final ExecutorService workers) {
            this.backend = backend;
            this.workers = workers;
        }

        @Override
        protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpRequest msg) {
            final boolean keepAlive = HttpUtil.isKeepAlive(msg);
            if (msg.decoderResult().isFailure()) {
                send(ctx, plain(HttpResponseStatus.BAD_REQUEST, "malformed HTTP request"), false);
                return;
            }
            final BlobRequest request;
            try {
                request = toBlobRequest(msg);
            } catch (final IllegalArgumentException e) {
                send(ctx, plain(HttpResponseStatus.BAD_REQUEST, e.getMessage()), false);
                return;
            }
            try {
                workers.execute(() -> send(ctx, execute(request), keepAlive));
            } catch (final RejectedExecutionException e) {
                send(ctx, plain(HttpResponseStatus.SERVICE_UNAVAILABLE, "server is stopping"), false);
            }
        }

        private FullHttpResponse execute(final BlobRequest request) {
            final FullHttpResponse response;
            final BlobOutcome outcome = backend.execute(request, Integer.MAX_VALUE);
            if (outcome instanceof BlobOutcome.Completed c) {
                response = toNetty(c.response());
            } else if (outcome instanceof BlobOutcome.Failed f) {
                response = plain(f.errno() == Errno.ETIMEDOUT ? HttpResponseStatus.GATEWAY_TIMEOUT
                        : HttpResponseStatus.BAD_GATEWAY, "backend could not carry the request: " + f.errno());
                response.headers().set("x-ms-error-code", f.errno().name());
            } else {
                final BlobOutcome.BodyTooLarge t = (BlobOutcome.BodyTooLarge) outcome;
                response = plain(HttpResponseStatus.INTERNAL_SERVER_ERROR,
                        "response body of " + t.bodyBytesNeeded() + " bytes exceeds the front's limit");
            }
            return response;
        }

        private static BlobRequest toBlobRequest(final FullHttpRequest msg) {
            final HttpFields.Builder headers = HttpFields.builder();
            final Iterator<Map.Entry<String, String>> it = msg.headers().iteratorAsString();
            while (it.hasNext()) {
                final Map.Entry<String, String> e = it.next();
                headers.add(e.getKey(), e.getValue());
            }
            final ByteBuf content = msg.content();
            final ByteBuffer body = ByteBuffer.allocate(content.readableBytes());
            content.getBytes(content.readerIndex(), body);
            return new BlobRequest(msg.method().name(), msg.uri(), headers.build(), body.flip());
        }

        private static FullHttpResponse toNetty(final BlobResponse r) {
            final FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    new HttpResponseStatus(r.status(), r.reason()), Unpooled.wrappedBuffer(r.body()));
            for (final Map.Entry<String, String> e : r.headers().entries()) {
                if (!"transfer-encoding".equalsIgnoreCase(e.getKey()) && !"connection".equalsIgnoreCase(e.getKey())) {
                    response.headers().add(e.getKey(), e.getValue());
                }
            }
            if (!response.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
                response.headers().set(HttpHeaderNames.CONTENT_LENGTH, r.bodyLength());
            }
            return response;
        }

        private static FullHttpResponse plain(final HttpResponseStatus status, final String text) {
            final FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                    .set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
            return response;
        }

        private static void send(final ChannelHandlerContext ctx, final FullHttpResponse response,
                                 final boolean keepAlive) {
            if (keepAlive) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                ctx.writeAndFlush(response);
            } else {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause) {
            LOG.debug("blob HTTP connection failed: {}", cause.toString());
            ctx.close();
        }
    }
}
