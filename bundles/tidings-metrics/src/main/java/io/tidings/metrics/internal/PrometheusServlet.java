package io.tidings.metrics.internal;

import java.io.IOException;
import java.io.OutputStream;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * {@code GET /metrics}: the Prometheus text exposition format (version 0.0.4) of the registry, after bringing the
 * meters in line with the bus. Only GET; the scrape is written by the registry's own exposition code.
 *
 * <p>Thread-safe: the registry is, and the refresh is serialised.
 */
final class PrometheusServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final transient PrometheusMeterRegistry registry;
    private final transient Runnable refresh;

    PrometheusServlet(PrometheusMeterRegistry registry, Runnable refresh) {
        this.registry = registry;
        this.refresh = refresh;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        refresh.run();
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(CONTENT_TYPE);
        try (OutputStream out = response.getOutputStream()) {
            registry.scrape(out);
        }
    }
}
