package io.tidings.benchmarks.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * HTTP publish throughput of a running Tidings (tidings-http): {@code workers} threads each {@code POST} CloudEvents
 * to {@code /events/<topic>} over kept-alive HTTP/1.1 connections, in batches ({@code application/cloudevents-batch+json})
 * or one structured event per request, each request waiting for its 202 (every event stored on a durable topic).
 * After a warm-up, prints events/s, requests/s and the request latency percentiles; any answer other than 202 fails.
 *
 * <pre>
 * java -cp benchmarks/target/tidings-benchmarks.jar io.tidings.benchmarks.http.HttpPublishBenchmark \
 *     http://127.0.0.1:8080 TOKEN [topic=orders/bench] [workers=4] [batch=100] [seconds=10] [warmup=3]
 * </pre>
 *
 * Thread-safety: each worker keeps its own counters and latencies, merged after the run.
 */
public final class HttpPublishBenchmark {

    private record WorkerResult(long events, List<Long> latencies) {
    }

    private HttpPublishBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: HttpPublishBenchmark <base-url> <token> [topic] [workers] [batch] [seconds]"
                    + " [warmup-seconds]");
            System.exit(2);
        }
        String base = args[0];
        String token = args[1];
        String topic = args.length > 2 ? args[2] : "orders/bench";
        int workers = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        int batch = args.length > 4 ? Integer.parseInt(args[4]) : 100;
        long seconds = args.length > 5 ? Long.parseLong(args[5]) : 10;
        long warmup = args.length > 6 ? Long.parseLong(args[6]) : 3;
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        long start = System.nanoTime();
        long measureFrom = start + TimeUnit.SECONDS.toNanos(warmup);
        long end = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        List<Future<WorkerResult>> futures = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            int worker = w;
            futures.add(pool.submit(() -> work(client, base, token, topic, worker, batch, measureFrom, end)));
        }
        long events = 0;
        List<Long> latencies = new ArrayList<>();
        for (Future<WorkerResult> f : futures) {
            WorkerResult r = f.get();
            events += r.events();
            latencies.addAll(r.latencies());
        }
        pool.shutdown();
        Collections.sort(latencies);
        System.out.printf("HTTP publish to %s/events/%s: %d workers, batch %d, %d s (after %d s warm-up)%n", base,
                topic, workers, batch, seconds, warmup);
        System.out.printf("  %.0f events/s, %.0f requests/s, latency p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                events / (double) seconds, latencies.size() / (double) seconds, percentile(latencies, 0.50),
                percentile(latencies, 0.99), percentile(latencies, 1.0));
    }

    private static WorkerResult work(HttpClient client, String base, String token, String topic, int worker,
            int batch, long measureFrom, long end) throws Exception {
        URI uri = URI.create(base + "/events/" + topic);
        String contentType = batch > 1 ? "application/cloudevents-batch+json" : "application/cloudevents+json";
        List<Long> latencies = new ArrayList<>();
        long events = 0;
        long n = 0;
        while (System.nanoTime() < end) {
            StringBuilder body = new StringBuilder(batch * 160);
            if (batch > 1) {
                body.append('[');
            }
            for (int i = 0; i < batch; i++, n++) {
                if (i > 0) {
                    body.append(',');
                }
                body.append("{\"specversion\":\"1.0\",\"id\":\"bench-").append(worker).append('-').append(n)
                        .append("\",\"source\":\"http-benchmark\",\"type\":\"OrderPlaced\",\"data\":{\"orderId\":\"ord_")
                        .append(n).append("\",\"customerId\":\"cust_").append(n % 1000)
                        .append("\",\"total\":249.95,\"currency\":\"USD\"}}");
            }
            if (batch > 1) {
                body.append(']');
            }
            HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                    .header("Content-Type", contentType).timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
            long t0 = System.nanoTime();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            long t1 = System.nanoTime();
            if (response.statusCode() != 202) {
                throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
            }
            if (t0 >= measureFrom && t1 <= end) {
                events += batch;
                latencies.add(t1 - t0);
            }
        }
        return new WorkerResult(events, latencies);
    }

    private static double percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int i = (int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1);
        return sorted.get(Math.max(i, 0)) / 1e6;
    }
}
