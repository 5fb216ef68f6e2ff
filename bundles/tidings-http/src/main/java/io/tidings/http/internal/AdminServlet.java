package io.tidings.http.internal;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import com.fasterxml.jackson.databind.JsonNode;

import io.tidings.api.BridgeStatus;
import io.tidings.api.BusStatus;
import io.tidings.api.DurableSubscriptions;
import io.tidings.api.EventPosition;
import io.tidings.api.EventSchemas;
import io.tidings.api.SubscriptionStatus;
import io.tidings.api.TidingsProperties;

/**
 * The admin JSON API under {@code /admin/}, for clients with the admin grant. GET {@code topics},
 * {@code handlers}, {@code durable-topics}, {@code subscriptions}, {@code dead-letters?subscription=&from=&max=},
 * {@code bridges}, {@code routes}, {@code schemas}; POST {@code replay} ({@code {"subscription","topic",
 * "fromOffset"|"from"}}) and {@code republish} ({@code {"subscription","offset"}}). Each answers the API records of
 * {@code io.tidings.api} as JSON, or a problem: 404 for an unknown resource, 503 when the service behind it is
 * missing, 400 for a bad request body. Thread-safe: reads the services afresh on each request.
 */
final class AdminServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final int MAX_ADMIN_BODY = 64 * 1024;

    private final transient HttpEndpoints endpoints;

    AdminServlet(HttpEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            AccessControl.requireAdmin(endpoints.access().authenticate(request));
            Object body = switch (resource(request)) {
            case "topics" -> busStatus().topics();
            case "handlers" -> busStatus().handlers();
            case "durable-topics" -> durable().durableTopics();
            case "subscriptions" -> durable().subscriptions();
            case "dead-letters" -> deadLetters(request);
            case "bridges" -> bridges();
            case "routes" -> routes();
            case "schemas" -> schemas().schemas();
            default -> throw notFound(request);
            };
            ok(response, body);
        } catch (HttpProblem p) {
            Problems.send(response, p, request.getRequestURI());
        } catch (RuntimeException e) {
            Problems.send(response, Problems.internal(e), request.getRequestURI());
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            AccessControl.requireAdmin(endpoints.access().authenticate(request));
            String resource = resource(request);
            if (!resource.equals("replay") && !resource.equals("republish")) {
                throw notFound(request);
            }
            JsonNode body = body(request);
            ok(response, resource.equals("replay") ? replay(body) : republish(body));
        } catch (HttpProblem p) {
            Problems.send(response, p, request.getRequestURI());
        } catch (RuntimeException e) {
            Problems.send(response, Problems.internal(e), request.getRequestURI());
        }
    }

    private Object deadLetters(HttpServletRequest request) {
        String subscription = request.getParameter("subscription");
        if (subscription == null || subscription.isBlank()) {
            throw HttpProblem.badRequest("the query parameter 'subscription' is missing");
        }
        long from = number(request.getParameter("from"), 0, "from");
        long max = number(request.getParameter("max"), 100, "max");
        return durable().deadLetters(subscription, from, (int) Math.min(max, 10_000));
    }

    private Map<String, Object> replay(JsonNode body) {
        String subscription = text(body, "subscription");
        String topic = text(body, "topic");
        try {
            long from;
            if (body.hasNonNull("fromOffset")) {
                if (!body.get("fromOffset").canConvertToLong()) {
                    throw HttpProblem.badRequest("'fromOffset' must be a number");
                }
                from = durable().replay(subscription, topic, body.get("fromOffset").asLong());
            } else if (body.hasNonNull("from")) {
                from = durable().replay(subscription, topic, Instant.parse(body.get("from").asText()));
            } else {
                throw HttpProblem.badRequest("give 'fromOffset' (an offset) or 'from' (an ISO-8601 instant)");
            }
            return Map.of("subscription", subscription, "topic", topic, "offset", from);
        } catch (DateTimeParseException e) {
            throw HttpProblem.badRequest("'from' is not an ISO-8601 instant such as 2026-11-26T10:00:00Z");
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest(e.getMessage());
        }
    }

    private Map<String, Object> republish(JsonNode body) {
        String subscription = text(body, "subscription");
        if (!body.hasNonNull("offset") || !body.get("offset").canConvertToLong()) {
            throw HttpProblem.badRequest("'offset' (the dead letter's offset) is missing or not a number");
        }
        EventPosition p;
        try {
            p = durable().republish(subscription, body.get("offset").asLong()).toCompletableFuture()
                    .get(endpoints.config().publishTimeoutSeconds(), TimeUnit.SECONDS);
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HttpProblem(503, "Service Unavailable", "interrupted");
        } catch (java.util.concurrent.TimeoutException e) {
            throw new HttpProblem(504, "Gateway Timeout", "the republished event was not stored within the publish"
                    + " timeout");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new HttpProblem(500, "Internal Server Error", "republishing failed: " + e.getCause());
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("subscription", subscription);
        result.put("deadLetterOffset", body.get("offset").asLong());
        result.put("durableTopic", p.topic());
        result.put("offset", p.offset());
        return result;
    }

    private List<BridgeStatus> bridges() {
        List<BridgeStatus> states = new ArrayList<>();
        for (io.tidings.api.Bridge b : endpoints.bridges()) {
            states.add(b.status());
        }
        states.sort(Comparator.comparing(BridgeStatus::kind).thenComparing(BridgeStatus::name));
        return states;
    }

    private List<Map<String, Object>> routes() {
        ServiceReference<?>[] handlers;
        try {
            handlers = endpoints.bundleContext().getAllServiceReferences(EventHandler.class.getName(),
                    "(tidings.route=*)");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("the route filter is valid", e);
        }
        DurableSubscriptions d = endpoints.durable();
        List<SubscriptionStatus> subscriptions = d == null ? List.of() : d.subscriptions();
        List<Map<String, Object>> routes = new ArrayList<>();
        for (ServiceReference<?> r : handlers == null ? new ServiceReference<?>[0] : handlers) {
            String name = String.valueOf(r.getProperty("tidings.route"));
            Map<String, Object> route = new LinkedHashMap<>();
            route.put("name", name);
            route.put("from", strings(r.getProperty(EventConstants.EVENT_TOPIC)));
            route.put("to", strings(r.getProperty("tidings.route.to")));
            route.put("pattern", r.getProperty(TidingsProperties.PATTERN));
            route.put("subscription", subscriptions.stream()
                    .filter(s -> s.name().equals("route-" + name)).toList());
            routes.add(route);
        }
        routes.sort(Comparator.comparing(m -> (String) m.get("name")));
        return routes;
    }

    private static List<String> strings(Object value) {
        if (value instanceof String[] a) {
            return Arrays.asList(a);
        }
        if (value instanceof java.util.Collection<?> c) {
            return c.stream().map(String::valueOf).toList();
        }
        return value == null ? List.of() : List.of(String.valueOf(value));
    }

    private BusStatus busStatus() {
        return available(endpoints.busStatus(), "the bus status (tidings-core's BusStatus)");
    }

    private DurableSubscriptions durable() {
        return available(endpoints.durable(), "the durable store (tidings-core's DurableSubscriptions)");
    }

    private EventSchemas schemas() {
        return available(endpoints.schemas(), "event schemas (tidings-json's EventSchemas)");
    }

    private static <T> T available(T service, String what) {
        if (service == null) {
            throw new HttpProblem(503, "Service Unavailable", what + " is not available");
        }
        return service;
    }

    private static JsonNode body(HttpServletRequest request) throws IOException {
        byte[] bytes = BoundedBody.read(request, MAX_ADMIN_BODY);
        try {
            JsonNode node = Json.MAPPER.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw HttpProblem.badRequest("the body must be a JSON object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw HttpProblem.badRequest("malformed JSON: " + e.getOriginalMessage());
        }
    }

    private static String text(JsonNode body, String name) {
        JsonNode v = body.get(name);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw HttpProblem.badRequest("'" + name + "' is missing or not a string");
        }
        return v.asText();
    }

    private static long number(String value, long otherwise, String name) {
        if (value == null) {
            return otherwise;
        }
        try {
            long n = Long.parseLong(value);
            if (n < 0) {
                throw HttpProblem.badRequest("'" + name + "' must not be negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw HttpProblem.badRequest("'" + name + "' is not a number: " + value);
        }
    }

    private static String resource(HttpServletRequest request) {
        String info = request.getPathInfo();
        return info == null || info.length() < 2 ? "" : info.substring(1);
    }

    private static HttpProblem notFound(HttpServletRequest request) {
        return new HttpProblem(404, "Not Found", "no admin resource " + request.getRequestURI()
                + " (GET topics, handlers, durable-topics, subscriptions, dead-letters, bridges, routes, schemas;"
                + " POST replay, republish)");
    }

    private static void ok(HttpServletResponse response, Object body) throws IOException {
        response.setStatus(200);
        response.setContentType("application/json");
        byte[] json = Json.bytes(body);
        response.setContentLength(json.length);
        response.getOutputStream().write(json);
    }
}
