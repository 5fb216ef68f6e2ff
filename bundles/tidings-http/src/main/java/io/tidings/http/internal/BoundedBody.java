package io.tidings.http.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

import javax.servlet.http.HttpServletRequest;

/**
 * Reads a request body with a bound: a declared Content-Length over the bound is refused before reading, and a
 * chunked body is read up to the bound plus one byte, so no request can make the server hold more. Stateless,
 * thread-safe.
 */
final class BoundedBody {

    private BoundedBody() {
    }

    /** @throws HttpProblem 413 if the body is larger than {@code maxBytes} */
    static byte[] read(HttpServletRequest request, int maxBytes) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            throw tooLarge(maxBytes, "Content-Length is " + declared + " bytes");
        }
        return read(request.getInputStream(), maxBytes);
    }

    static byte[] read(InputStream in, int maxBytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxBytes, 8192));
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) > 0) {
            if (out.size() + n > maxBytes) {
                throw tooLarge(maxBytes, "the body is longer");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static HttpProblem tooLarge(int maxBytes, String what) {
        return new HttpProblem(413, "Payload Too Large", what + " than the limit of " + maxBytes
                + " bytes (io.tidings.http maxBodyBytes)", java.util.Map.of("maxBytes", maxBytes));
    }
}
