package io.tidings.http.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.util.Map;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.framework.Bundle;

/**
 * {@code GET /ops/...}: the operations page, three static files from the bundle's {@code ops/} folder ({@code
 * index.html}, {@code ops.js}, {@code ops.css}); {@code /ops} and {@code /ops/} are sent to {@code index.html}. Only
 * those files are served (anything else is 404), never cached stale ({@code no-cache}). The page is public and
 * shows nothing by itself: what it displays comes from the admin API with the admin token it is given.
 *
 * <p>Thread-safe: immutable.
 */
final class OpsPage extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Map<String, String> FILES = Map.of(
            "/index.html", "text/html; charset=utf-8",
            "/ops.js", "text/javascript; charset=utf-8",
            "/ops.css", "text/css; charset=utf-8");

    private final transient Bundle bundle;

    OpsPage(Bundle bundle) {
        this.bundle = bundle;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        if (path == null || path.equals("/")) {
            String query = request.getQueryString();
            response.sendRedirect(request.getContextPath() + request.getServletPath() + "/index.html"
                    + (query == null ? "" : "?" + query));
            return;
        }
        String type = FILES.get(path);
        URL file = type == null ? null : bundle.getEntry("ops" + path);
        if (file == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        response.setContentType(type);
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Content-Type-Options", "nosniff");
        try (InputStream in = file.openStream(); OutputStream out = response.getOutputStream()) {
            in.transferTo(out);
        }
    }
}
