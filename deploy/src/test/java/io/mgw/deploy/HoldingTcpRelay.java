package io.mgw.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP relay in front of a real server whose new connections can be held, not forwarded, until released:
 * the network between two of our processes turning slow at a moment the test chooses. Bytes pass unchanged.
 */
final class HoldingTcpRelay implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger held = new AtomicInteger();
    private volatile CountDownLatch gate = new CountDownLatch(0);

    HoldingTcpRelay(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "holding-relay-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Connections accepted from now on wait, unforwarded, until {@link #release}. */
    void hold() {
        gate = new CountDownLatch(1);
    }

    /** Forwards the held connections, and every later one at once. */
    void release() {
        gate.countDown();
    }

    /** Connections waiting to be forwarded. */
    int held() {
        return held.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket in = server.accept();
                sockets.add(in);
                CountDownLatch waitFor = gate;
                Thread link = new Thread(() -> forward(in, waitFor), "holding-relay-link");
                link.setDaemon(true);
                link.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void forward(Socket in, CountDownLatch waitFor) {
        held.incrementAndGet();
        try {
            waitFor.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } finally {
            held.decrementAndGet();
        }
        try {
            Socket out = new Socket(InetAddress.getLoopbackAddress(), targetPort);
            sockets.add(out);
            Thread back = new Thread(() -> pump(out, in), "holding-relay-back");
            back.setDaemon(true);
            back.start();
            pump(in, out);
        } catch (IOException e) {
            closeQuietly(in);
        }
    }

    private static void pump(Socket from, Socket to) {
        try (InputStream input = from.getInputStream(); OutputStream output = to.getOutputStream()) {
            byte[] chunk = new byte[8192];
            for (int n; (n = input.read(chunk)) >= 0; ) {
                output.write(chunk, 0, n);
                output.flush();
            }
        } catch (IOException ended) {
            // either side closed: the other follows below
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        release();
        server.close();
        sockets.forEach(HoldingTcpRelay::closeQuietly);
    }
}
