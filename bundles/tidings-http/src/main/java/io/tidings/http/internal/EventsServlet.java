package io.tidings.http.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.servlet.AsyncContext;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import io.tidings.api.DurableSubscriptions;
import io.tidings.api.DurableTopicStatus;
import io.tidings.api.Envelope;
import io.tidings.api.EventPosition;
import io.tidings.api.InvalidEventException;
import io.tidings.api.Topics;
import io.tidings.json.CloudEventsJson;

/**
 * {@code /events/*}: {@code POST /events/{topic}} publishes CloudEvents (HTTP binding) and answers 202 once every
 * event is stored; {@code GET /events/{pattern}} streams events as Server-Sent Events ({@link EventStream}).
 *
 * <p>A POST is all or nothing as far as can be known before storing: every event of a batch is parsed and, when
 * tidings-json's schemas are there, validated against its schema before the first is published; a batch with one
 * bad event publishes none. A store that fails after some events were stored (a full disk) is reported as 500 with
 * the ids that were stored. Thread-safe: the servlet keeps only the open streams, in a concurrent set.
 */
final class EventsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient HttpEndpoints endpoints;
    private final transient CloudEventsHttp binding;
    private final transient CloudEventsJson cloudEvents;
    private final transient Set<EventStream> streams = ConcurrentHashMap.newKeySet();

    EventsServlet(HttpEndpoints endpoints) {
        this.endpoints = endpoints;
        this.binding = new CloudEventsHttp(endpoints.limits());
        this.cloudEvents = CloudEventsJson.create(endpoints.limits());
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            HttpClient client = endpoints.access().authenticate(request);
            String topic = path(request);
            try {
                Topics.requireTopic(topic);
            } catch (InvalidEventException e) {
                throw CloudEventsHttp.invalid(e);
            }
            AccessControl.requirePublish(client, topic);
            Map<String, String> ce = ceHeaders(request);
            CloudEventsHttp.Mode mode = CloudEventsHttp.mode(request.getContentType(), ce.containsKey("ce-specversion"));
            byte[] body = BoundedBody.read(request, endpoints.config().maxBodyBytes());
            List<Envelope> events = binding.read(mode, topic, ce, request.getContentType(), body);
            validateSchemas(events);
            publish(request, response, events, mode == CloudEventsHttp.Mode.BATCH);
        } catch (HttpProblem p) {
            Problems.send(response, p, request.getRequestURI());
        } catch (RuntimeException e) {
            Problems.send(response, Problems.internal(e), request.getRequestURI());
        }
    }

    private void validateSchemas(List<Envelope> events) {
        io.tidings.api.EventSchemas schemas = endpoints.schemas();
        if (schemas == null) {
            return;
        }
        for (int i = 0; i < events.size(); i++) {
            Envelope e = events.get(i);
            List<String> errors = schemas.validate(e.type(), e.version(), e.data());
            if (!errors.isEmpty()) {
                String where = events.size() > 1 ? " (event " + (i + 1) + " of the batch, id " + e.id()
                        + "; nothing of the batch was published)" : "";
                throw new HttpProblem(400, "Bad Request", "the data of event '" + e.id() + "' of type " + e.type()
                        + " " + e.version() + " does not match its schema" + where,
                        Map.of("field", "data", "errors", errors));
            }
        }
    }

    private void publish(HttpServletRequest request, HttpServletResponse response, List<Envelope> events,
            boolean batch) throws IOException {
        List<CompletableFuture<EventPosition>> stores = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            try {
                stores.add(endpoints.publisher().publish(events.get(i)).toCompletableFuture());
            } catch (InvalidEventException e) {
                HttpProblem p = CloudEventsHttp.invalid(e);
                Map<String, Object> ext = new LinkedHashMap<>(p.extensions());
                ext.put("published", ids(events.subList(0, i)));
                throw new HttpProblem(400, "Bad Request", p.detail() + (batch ? " (event " + (i + 1)
                        + " of the batch; the events before it were published)" : ""), ext);
            }
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        String instance = request.getRequestURI();
        CompletableFuture.allOf(stores.toArray(CompletableFuture[]::new))
                .orTimeout(endpoints.config().publishTimeoutSeconds(), TimeUnit.SECONDS)
                .whenComplete((ignored, failure) -> {
                    try {
                        HttpServletResponse r = (HttpServletResponse) async.getResponse();
                        if (failure == null) {
                            r.setStatus(202);
                            r.setContentType("application/json");
                            byte[] json = Json.bytes(accepted(events, stores));
                            r.setContentLength(json.length);
                            r.getOutputStream().write(json);
                        } else {
                            Problems.send(r, storeFailure(events, stores, failure), instance);
                        }
                    } catch (IOException | RuntimeException e) {
                        // the client went away; the events are stored all the same
                    } finally {
                        async.complete();
                    }
                });
    }

    private static Map<String, Object> accepted(List<Envelope> events, List<CompletableFuture<EventPosition>> stores) {
        List<Map<String, Object>> list = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            EventPosition p = stores.get(i).join();
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("id", events.get(i).id());
            e.put("topic", events.get(i).topic());
            if (p != null && p.offset() >= 0) {
                e.put("durableTopic", p.topic());
                e.put("offset", p.offset());
                e.put("position", new LastEventId(p.topic(), p.offset()).toString());
            }
            list.add(e);
        }
        return Map.of("accepted", events.size(), "events", list);
    }

    private static HttpProblem storeFailure(List<Envelope> events, List<CompletableFuture<EventPosition>> stores,
            Throwable failure) {
        List<String> stored = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (stores.get(i).isDone() && !stores.get(i).isCompletedExceptionally()) {
                stored.add(events.get(i).id());
            }
        }
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof TimeoutException) {
            return new HttpProblem(504, "Gateway Timeout", "the events were not all stored within the publish timeout",
                    Map.of("stored", stored));
        }
        return new HttpProblem(500, "Internal Server Error", "storing failed: " + cause,
                Map.of("stored", stored));
    }

    private static List<String> ids(List<Envelope> events) {
        return events.stream().map(Envelope::id).toList();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            HttpClient client = endpoints.access().authenticate(request);
            String pattern = path(request);
            try {
                Topics.requirePattern(pattern);
            } catch (InvalidEventException e) {
                throw CloudEventsHttp.invalid(e);
            }
            AccessControl.requireSubscribe(client, pattern);
            String lastId = request.getHeader("Last-Event-ID");
            LastEventId resume = lastId == null || lastId.isBlank() ? null : LastEventId.parse(lastId.trim());
            DurableSubscriptions durable = endpoints.durable();
            if (resume != null && durable == null) {
                throw HttpProblem.badRequest("Last-Event-ID needs the durable store, which is not available");
            }
            List<String> durableTopics = durable == null ? List.of()
                    : durable.durableTopics().stream().map(DurableTopicStatus::topic).toList();
            String subscription = durable == null ? null : "http-sse-" + UUID.randomUUID();
            if (resume != null) {
                if (!durableTopics.contains(resume.durableTopic())) {
                    throw HttpProblem.badRequest("Last-Event-ID '" + lastId + "': '" + resume.durableTopic()
                            + "' is not a durable topic");
                }
                // Not active yet: this only commits the offset the subscription will start from.
                durable.replay(subscription, resume.durableTopic(), resume.offset() + 1);
            }
            response.setStatus(200);
            response.setContentType("text/event-stream");
            response.setCharacterEncoding("UTF-8");
            response.setHeader("Cache-Control", "no-cache");
            response.setHeader("X-Accel-Buffering", "no");
            AsyncContext async = request.startAsync();
            async.setTimeout(0);
            EventStream[] holder = new EventStream[1];
            EventStream stream = new EventStream(async, cloudEvents, resume, durableTopics, endpoints.closer(),
                    () -> streams.remove(holder[0]));
            holder[0] = stream;
            stream.deleteSubscriptionOnClose(durable);
            streams.add(stream);
            stream.open(endpoints.bundleContext(), pattern, subscription, endpoints.scheduler(),
                    endpoints.config().sseKeepAliveSeconds());
        } catch (HttpProblem p) {
            Problems.send(response, p, request.getRequestURI());
        } catch (RuntimeException e) {
            Problems.send(response, Problems.internal(e), request.getRequestURI());
        }
    }

    /** @return the number of open streams */
    int openStreams() {
        return streams.size();
    }

    void closeAll() {
        for (EventStream s : new ArrayList<>(streams)) {
            s.close();
        }
    }

    private static String path(HttpServletRequest request) {
        String info = request.getPathInfo();
        if (info == null || info.length() < 2) {
            throw HttpProblem.badRequest("the topic is missing: /events/{topic}");
        }
        return info.substring(1);
    }

    private static Map<String, String> ceHeaders(HttpServletRequest request) {
        Map<String, String> ce = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("ce-")) {
                ce.put(lower, request.getHeader(name));
            }
        }
        return ce;
    }
}
