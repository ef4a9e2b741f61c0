package io.rotor.enricher.rotor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.protocol.HttpContext;

/** Reads a response into a {@link RawResponse}, aborting the exchange once the body exceeds {@code limit} bytes. */
final class BoundedResponseConsumer implements AsyncResponseConsumer<RawResponse> {
    private final int limit;
    private int status;
    private Map<String, String> headers;
    private ByteArrayOutputStream body;
    private FutureCallback<RawResponse> callback;

    BoundedResponseConsumer(int limit) {
        this.limit = limit;
    }

    @Override
    public void consumeResponse(HttpResponse response, EntityDetails entity, HttpContext context,
                                FutureCallback<RawResponse> resultCallback) throws IOException {
        status = response.getCode();
        headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Header h : response.getHeaders()) {
            headers.putIfAbsent(h.getName(), h.getValue());
        }
        if (entity == null) {
            resultCallback.completed(new RawResponse(status, headers, new byte[0], false));
            return;
        }
        if (entity.getContentLength() > limit) {
            throw new BodyTooLargeException(status, headers, limit);
        }
        callback = resultCallback;
        body = new ByteArrayOutputStream(entity.getContentLength() > 0 ? (int) entity.getContentLength() : 1024);
    }

    @Override
    public void informationResponse(HttpResponse response, HttpContext context) {
        // 1xx responses carry nothing the classification needs.
    }

    @Override
    public void updateCapacity(CapacityChannel capacityChannel) throws IOException {
        capacityChannel.update(Integer.MAX_VALUE);
    }

    @Override
    public void consume(ByteBuffer src) throws IOException {
        int n = src.remaining();
        if (body.size() + (long) n > limit) {
            throw new BodyTooLargeException(status, headers, limit);
        }
        if (src.hasArray()) {
            body.write(src.array(), src.arrayOffset() + src.position(), n);
            src.position(src.limit());
        } else {
            byte[] chunk = new byte[n];
            src.get(chunk);
            body.write(chunk, 0, n);
        }
    }

    @Override
    public void streamEnd(List<? extends Header> trailers) {
        callback.completed(new RawResponse(status, headers, body.toByteArray(), false));
    }

    @Override
    public void failed(Exception cause) {
        // The exchange's own callback reports the failure.
    }

    @Override
    public void releaseResources() {
        body = null;
    }
}
