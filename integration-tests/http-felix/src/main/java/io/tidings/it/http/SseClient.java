package io.tidings.it.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Server-Sent Events client on {@code java.net.http}: parses {@code id:}, {@code event:} and {@code data:} lines
 * into {@link Message}s on a thread of its own; {@link #close()} disconnects. Thread-safe: messages are collected in
 * a concurrent list.
 */
final class SseClient implements AutoCloseable {

    /** One event of the stream. */
    record Message(String id, String event, String data) {
    }

    final List<Message> messages = new CopyOnWriteArrayList<>();
    final List<String> comments = new CopyOnWriteArrayList<>();
    final int status;
    private final InputStream in;

    private SseClient(HttpResponse<InputStream> response) {
        this.status = response.statusCode();
        this.in = response.body();
        Thread reader = new Thread(this::read, "sse-client");
        reader.setDaemon(true);
        reader.start();
    }

    static SseClient open(String uri, String token, String lastEventId) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri)).header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(60));
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        return new SseClient(Fixture.HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofInputStream()));
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String id = null;
            String event = null;
            StringBuilder data = null;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isEmpty()) {
                    if (data != null) {
                        messages.add(new Message(id, event, data.toString()));
                    }
                    id = null;
                    event = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    comments.add(line);
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data = data == null ? new StringBuilder(line.substring(6)) : data.append('\n').append(line.substring(6));
                }
            }
        } catch (IOException e) {
            // closed
        }
    }

    /** @return the CloudEvents ids of the messages, in order */
    List<String> eventIds() {
        return messages.stream().<String>map(m -> {
            try {
                return Fixture.JSON.readTree(m.data()).get("id").asText();
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + m.data(), e);
            }
        }).toList();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
