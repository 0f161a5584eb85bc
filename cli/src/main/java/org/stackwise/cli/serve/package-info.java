/**
 * {@code stackwise serve}: an HTTP JSON prediction service for a model file or a lazy stack, on the
 * JDK's built-in {@code com.sun.net.httpserver} (no extra dependency).
 *
 * <pre>
 * POST /predict   one row {"col": value, ...}, or {"rows": [row, ...]}, or [row, ...]
 *                 → {"label", "proba": {class: p}} (one row) or {"rows": n, "predictions": [...]};
 *                   regressors answer {"value"}; lazy stacks add "trace": members run, cost, exit reason
 * GET  /health    {"status": "ok" | "stopping"}
 * GET  /model     kind, task, target, schema, classes, members, meta-weights; lazy: θ, costs, trajectories
 * GET  /metrics   Prometheus text: requests, errors, latency histogram, members run, cost spent
 * </pre>
 * Requests are validated against the model's schema (400 naming the field), bodies and batches are
 * bounded (413), the worker pool and its queue are bounded (503 when full), and a stop lets requests in
 * progress finish. Errors are JSON {@code {"error": message}}; stack traces stay in the server's log.
 */
package org.stackwise.cli.serve;
