package net.evroclabs.run.activator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pokes the scaler for a revision with held requests: at once, then every {@code interval} while
 * requests are still held, and with backoff while the scaler fails. Never blocks the caller. The
 * scaler is reached over HTTP ({@link #http}, {@code POST /v1/poke}) or, when both run in one
 * process, directly.
 */
public final class ScalerPoker {

  private static final Logger LOG = LoggerFactory.getLogger(ScalerPoker.class);

  private final Target target;
  private final Duration interval;
  private final Backoff backoff;
  private final ScheduledExecutorService scheduler;
  private final ActivatorMetrics metrics;
  private final Predicate<RevisionKey> stillWaiting;
  private final Set<RevisionKey> active = ConcurrentHashMap.newKeySet();

  /**
   * Where pokes go. The stage completes normally once the scaler accepted the poke, exceptionally
   * (with the reason) when it did not; it must not block.
   */
  @FunctionalInterface
  public interface Target {
    CompletionStage<Void> poke(RevisionKey key);
  }

  public ScalerPoker(
      Target target,
      Duration interval,
      Backoff backoff,
      ScheduledExecutorService scheduler,
      ActivatorMetrics metrics,
      Predicate<RevisionKey> stillWaiting) {
    this.target = target;
    this.interval = interval;
    this.backoff = backoff;
    this.scheduler = scheduler;
    this.metrics = metrics;
    this.stillWaiting = stillWaiting;
  }

  /**
   * The scaler's {@code POST <scalerUrl>/v1/poke}: accepted on a 2xx answer, refused on any other
   * status or when the request fails (2 s timeout).
   */
  public static Target http(HttpClient client, URI scalerUrl) {
    URI pokeUri = scalerUrl.resolve("/v1/poke");
    return key ->
        client
            .sendAsync(
                HttpRequest.newBuilder(pokeUri)
                    .timeout(Duration.ofSeconds(2))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body(key)))
                    .build(),
                HttpResponse.BodyHandlers.discarding())
            .thenAccept(
                response -> {
                  if (response.statusCode() / 100 != 2) {
                    throw new CompletionException(
                        new IOException("HTTP " + response.statusCode() + " from " + pokeUri));
                  }
                });
  }

  /** Starts poking {@code key} unless it is poked already. */
  public void poke(RevisionKey key) {
    if (active.add(key)) {
      scheduler.execute(() -> send(key, 0));
    }
  }

  /** The JSON body of a poke. */
  static String body(RevisionKey key) {
    return "{\"namespace\":\"" + key.namespace() + "\",\"revision\":\"" + key.revision() + "\"}";
  }

  private void send(RevisionKey key, int failures) {
    CompletionStage<Void> sent;
    try {
      sent = target.poke(key);
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    sent.whenComplete(
        (accepted, error) -> {
          boolean ok = error == null;
          metrics.poke(ok);
          if (!ok) {
            Throwable cause =
                error instanceof CompletionException c && c.getCause() != null
                    ? c.getCause()
                    : error;
            LOG.warn("poke of {} failed ({}); retrying with backoff", key, cause.toString());
          }
          int nextFailures = ok ? 0 : failures + 1;
          Duration wait = ok ? interval : backoff.delay(nextFailures);
          scheduler.schedule(() -> again(key, nextFailures), wait.toNanos(), TimeUnit.NANOSECONDS);
        });
  }

  private void again(RevisionKey key, int failures) {
    if (stillWaiting.test(key)) {
      send(key, failures);
      return;
    }
    active.remove(key);
    if (stillWaiting.test(key) && active.add(key)) {
      send(key, failures);
    }
  }
}
