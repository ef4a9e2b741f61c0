package io.rotor.enricher.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A byte-exact HTTP/1.1 test server on a plain socket: records each request head exactly as received and lets
 * the test decide what the connection gets back (any bytes, a reset, silence).
 */
public final class RawHttpServer implements AutoCloseable {

    /** What to do with a connection once its request head was read. */
    @FunctionalInterface
    public interface Handler {
        void handle(String requestHead, Socket socket) throws IOException;
    }

    private final ServerSocket server;
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "raw-http-server");
        t.setDaemon(true);
        return t;
    });
    private final Queue<String> heads = new ConcurrentLinkedQueue<>();
    private final Queue<Socket> open = new ConcurrentLinkedQueue<>();
    private volatile Handler handler;
    private final boolean readHead;

    public RawHttpServer(Handler handler) throws IOException {
        this(handler, true);
    }

    /** With {@code readHead} false the handler runs as soon as a connection is accepted (e.g. to answer a TLS hello). */
    public RawHttpServer(Handler handler, boolean readHead) throws IOException {
        this.handler = handler;
        this.readHead = readHead;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        workers.execute(this::acceptLoop);
    }

    public int port() {
        return server.getLocalPort();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public void handler(Handler handler) {
        this.handler = handler;
    }

    /** Request heads (request line and headers, CRLF-separated), in arrival order. */
    public List<String> requestHeads() {
        return List.copyOf(heads);
    }

    /** The request line's target (the raw path as sent) of each request. */
    public List<String> requestTargets() {
        return heads.stream().map(h -> h.substring(0, h.indexOf("\r\n")).split(" ")[1]).toList();
    }

    /** A handler that writes {@code response} verbatim and closes the connection. */
    public static Handler respond(String response) {
        byte[] bytes = response.getBytes(StandardCharsets.UTF_8);
        return (head, socket) -> {
            OutputStream out = socket.getOutputStream();
            out.write(bytes);
            out.flush();
            socket.close();
        };
    }

    /** A complete response with Content-Length and Connection: close. */
    public static String response(int status, String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return "HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nContent-Length: " + b.length
                + "\r\nConnection: close\r\n\r\n" + body;
    }

    /** A handler that resets the connection (RST) without answering. */
    public static Handler reset() {
        return (head, socket) -> {
            socket.setSoLinger(true, 0);
            socket.close();
        };
    }

    /** A handler that keeps the connection open and never answers (until the server closes). */
    public static Handler silent() {
        return (head, socket) -> {
        };
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                open.add(s);
                workers.execute(() -> serve(s));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try {
            if (!readHead) {
                handler.handle("", s);
                return;
            }
            String head = readHead(s.getInputStream());
            if (head == null) {
                s.close();
                return;
            }
            heads.add(head);
            handler.handle(head, s);
        } catch (IOException e) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already broken
            }
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int state = 0;
        int b;
        while ((b = in.read()) != -1) {
            buf.write(b);
            // look for CRLFCRLF
            state = (b == '\r' && (state == 0 || state == 2)) ? state + 1
                    : (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
            if (state == 4) {
                return buf.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        workers.shutdownNow();
    }
}
