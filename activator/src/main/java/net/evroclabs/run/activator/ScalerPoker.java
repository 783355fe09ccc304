package net.evroclabs.run.activator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pokes the scaler ({@code POST /v1/poke}) for a revision with held requests: at once, then every
 * {@code interval} while requests are still held, and with backoff while the scaler fails. Never
 * blocks the caller.
 */
public final class ScalerPoker {

  private static final Logger LOG = LoggerFactory.getLogger(ScalerPoker.class);

  private final HttpClient client;
  private final URI pokeUri;
  private final Duration interval;
  private final Backoff backoff;
  private final ScheduledExecutorService scheduler;
  private final ActivatorMetrics metrics;
  private final Predicate<RevisionKey> stillWaiting;
  private final Set<RevisionKey> active = ConcurrentHashMap.newKeySet();

  public ScalerPoker(
      HttpClient client,
      URI scalerUrl,
      Duration interval,
      Backoff backoff,
      ScheduledExecutorService scheduler,
      ActivatorMetrics metrics,
      Predicate<RevisionKey> stillWaiting) {
    this.client = client;
    this.pokeUri = scalerUrl.resolve("/v1/poke");
    this.interval = interval;
    this.backoff = backoff;
    this.scheduler = scheduler;
    this.metrics = metrics;
    this.stillWaiting = stillWaiting;
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
    HttpRequest request =
        HttpRequest.newBuilder(pokeUri)
            .timeout(Duration.ofSeconds(2))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body(key)))
            .build();
    client
        .sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .whenComplete(
            (response, error) -> {
              boolean ok = error == null && response.statusCode() / 100 == 2;
              metrics.poke(ok);
              if (!ok) {
                LOG.warn(
                    "poke of {} failed ({}); retrying with backoff",
                    key,
                    error != null ? error.toString() : "HTTP " + response.statusCode());
              }
              int nextFailures = ok ? 0 : failures + 1;
              Duration wait = ok ? interval : backoff.delay(nextFailures);
              scheduler.schedule(
                  () -> again(key, nextFailures), wait.toNanos(), TimeUnit.NANOSECONDS);
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
