package io.fleetbreaker.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP/1.1 over a plain socket, for tests that must control the exact bytes on the wire (dot-segments that a client
 * library would normalise, oversized headers, {@code Expect: 100-continue}, HEAD followed by another request on the
 * same connection). Not thread-safe; close it.
 */
public final class RawHttp implements AutoCloseable {

    /** One response: status, headers (names lower-cased, last value wins) and the body read by Content-Length. */
    public record Response(int status, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public RawHttp(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** Writes {@code text} as is (ISO-8859-1). */
    public RawHttp write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return this;
    }

    /** Reads one response; {@code bodyless} (HEAD, 1xx) reads no body whatever Content-Length says. */
    public Response read(boolean bodyless) throws IOException {
        String head = readHead();
        String[] lines = head.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
        }
        String length = headers.get("content-length");
        String body = "";
        if (!bodyless && status >= 200 && length != null) {
            body = new String(in.readNBytes(Integer.parseInt(length)), StandardCharsets.UTF_8);
        }
        return new Response(status, headers, body);
    }

    public Response read() throws IOException {
        return read(false);
    }

    /** True when the server has closed the connection (end of stream) with nothing more to read. */
    public boolean closedByServer() throws IOException {
        return in.read() < 0;
    }

    /** One request on a fresh connection, then its response. */
    public static Response exchange(int port, String request) throws IOException {
        try (RawHttp http = new RawHttp(port)) {
            return http.write(request).read(request.startsWith("HEAD "));
        }
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after " + head.size() + " bytes: " + head);
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : b == '\r' ? 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
