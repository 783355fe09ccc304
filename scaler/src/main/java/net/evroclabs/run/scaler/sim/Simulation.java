package net.evroclabs.run.scaler.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A discrete-event simulation of one revision: requests arrive, Envoy sends each to the ready pod
 * with the fewest requests (or to the activator when none is ready), pods serve a fixed number at
 * once and queue the rest, new pods are ready after the cold start, Prometheus scrapes every scrape
 * interval, and the policy decides every tick from what was scraped.
 */
public final class Simulation {

  /**
   * @param tickSeconds decision interval
   * @param scrapeSeconds metrics scrape interval
   * @param seed seed of the service-time draws
   * @param events receives one line per scale event, or null
   */
  public record Settings(
      double tickSeconds, double scrapeSeconds, long seed, Consumer<String> events) {
    public static Settings defaults() {
      return new Settings(2, 5, 42, null);
    }

    public Settings withEvents(Consumer<String> log) {
      return new Settings(tickSeconds, scrapeSeconds, seed, log);
    }
  }

  private static final class Pod {
    final double createdAt;
    boolean ready;
    boolean draining;
    boolean gone;
    int busy;
    final ArrayDeque<Integer> queue = new ArrayDeque<>();

    Pod(double createdAt) {
      this.createdAt = createdAt;
    }

    int load() {
      return busy + queue.size();
    }
  }

  private record Event(double at, long seq, Pod pod, int request) {}

  private final Arrivals arrivals;
  private final AppProfile app;
  private final SimPolicy policy;
  private final Settings settings;
  private final double[] service;
  private final float[] latency;
  private final MetricsPipeline metrics;
  private final PriorityQueue<Event> events =
      new PriorityQueue<>(
          (a, b) ->
              a.at() != b.at() ? Double.compare(a.at(), b.at()) : Long.compare(a.seq(), b.seq()));
  private final List<Pod> pods = new ArrayList<>();
  private final ArrayDeque<Integer> held = new ArrayDeque<>();
  private long seq;
  private double now;
  private int desired;
  private double replicaSeconds;
  private double firstReady = Double.NaN;
  private int coldStarts;
  private long heldRequests;
  private long timedOut;
  private int scaleEvents;
  private int maxReplicas;

  private Simulation(Arrivals arrivals, AppProfile app, SimPolicy policy, Settings settings) {
    this.arrivals = arrivals;
    this.app = app;
    this.policy = policy;
    this.settings = settings;
    this.metrics = new MetricsPipeline(settings.scrapeSeconds());
    this.service = serviceTimes(arrivals, app, settings.seed());
    this.latency = new float[arrivals.size()];
    Arrays.fill(latency, Float.NaN);
  }

  /** Runs one policy over the arrivals and reports against a latency target at a percentile. */
  static SimReport run(
      String scenario,
      Arrivals arrivals,
      AppProfile app,
      SimPolicy policy,
      double targetMs,
      double percentile,
      Settings settings) {
    Simulation sim = new Simulation(arrivals, app, policy, settings);
    sim.loop();
    return sim.report(scenario, targetMs, percentile);
  }

  private static double[] serviceTimes(Arrivals arrivals, AppProfile app, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double sigma = app.serviceSigma();
    double mu = Math.log(app.meanServiceMs()) - sigma * sigma / 2;
    double[] s = new double[arrivals.size()];
    for (int i = 0; i < s.length; i++) {
      double drawn = Math.exp(mu + sigma * gaussian(random));
      s[i] = Double.isNaN(arrivals.serviceMs()[i]) ? drawn : arrivals.serviceMs()[i];
    }
    return s;
  }

  private static double gaussian(SplittableRandom random) {
    double u = 1 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  private void loop() {
    double end = arrivals.lengthSeconds();
    double timeout = app.timeout().toMillis() / 1000.0;
    int next = 0;
    double nextTick = settings.tickSeconds();
    while (true) {
      double tArrival = next < arrivals.size() ? arrivals.times()[next] : Double.POSITIVE_INFINITY;
      double tEvent = events.isEmpty() ? Double.POSITIVE_INFINITY : events.peek().at();
      double tScrape = metrics.nextScrape();
      double t = Math.min(Math.min(tArrival, tEvent), Math.min(tScrape, nextTick));
      if (t > end) {
        if (events.isEmpty() || tEvent > end + timeout) {
          break;
        }
        t = tEvent;
      }
      advanceTo(Math.min(t, end), t);
      if (t == tEvent) {
        Event e = events.poll();
        if (e.request() < 0) {
          podReady(e.pod());
        } else {
          complete(e.pod(), e.request());
        }
      } else if (t == tArrival) {
        arrive(next++);
      } else if (t == tScrape) {
        metrics.scrape(now, inFlight(), held.size());
      } else {
        expireHeld(timeout);
        apply(policy.tick(metrics, desired, readyCount(), now));
        nextTick += settings.tickSeconds();
      }
    }
    for (int request : held) {
      finish(request, timeout * 1000);
    }
  }

  private void advanceTo(double accountedUntil, double t) {
    if (accountedUntil > now) {
      int alive = 0;
      for (Pod p : pods) {
        alive += p.gone ? 0 : 1;
      }
      replicaSeconds += alive * (accountedUntil - now);
    }
    now = t;
  }

  private void arrive(int request) {
    metrics.requestStarted();
    Pod pod = leastLoaded();
    if (pod == null) {
      held.add(request);
      heldRequests++;
      if (desired == 0) {
        apply(policy.poke(desired, now));
      }
      return;
    }
    dispatch(pod, request);
  }

  private Pod leastLoaded() {
    Pod best = null;
    for (Pod p : pods) {
      if (p.ready && !p.draining && (best == null || p.load() < best.load())) {
        best = p;
      }
    }
    return best;
  }

  private void dispatch(Pod pod, int request) {
    if (pod.busy < app.slots()) {
      pod.busy++;
      events.add(new Event(now + service[request] / 1000.0, seq++, pod, request));
    } else {
      pod.queue.add(request);
    }
  }

  private void complete(Pod pod, int request) {
    finish(request, (now - arrivals.times()[request]) * 1000);
    pod.busy--;
    if (!pod.queue.isEmpty()) {
      int nextRequest = pod.queue.poll();
      pod.busy++;
      events.add(new Event(now + service[nextRequest] / 1000.0, seq++, pod, nextRequest));
    } else if (pod.draining && pod.busy == 0) {
      pod.gone = true;
    }
  }

  private void finish(int request, double ms) {
    double timeoutMs = app.timeout().toMillis();
    if (ms >= timeoutMs) {
      timedOut++;
      ms = timeoutMs;
    }
    latency[request] = (float) ms;
    metrics.requestFinished(ms);
  }

  private void expireHeld(double timeout) {
    while (!held.isEmpty() && now - arrivals.times()[held.peek()] >= timeout) {
      finish(held.poll(), timeout * 1000);
    }
  }

  private void podReady(Pod pod) {
    if (pod.gone || pod.draining) {
      return;
    }
    pod.ready = true;
    if (Double.isNaN(firstReady)) {
      firstReady = now;
    }
    while (!held.isEmpty()) {
      dispatch(leastLoaded(), held.poll());
    }
  }

  private void apply(int wanted) {
    if (wanted == desired) {
      return;
    }
    scaleEvents++;
    if (settings.events() != null) {
      settings
          .events()
          .accept(
              String.format(
                  Locale.ROOT,
                  "t=%7.1fs ready=%d %s",
                  now,
                  readyCount(),
                  desired + " → " + wanted + " (" + policy.lastReason() + ")"));
    }
    if (wanted > desired) {
      if (desired == 0 && readyCount() == 0) {
        coldStarts++;
      }
      for (int i = desired; i < wanted; i++) {
        Pod p = new Pod(now);
        pods.add(p);
        events.add(new Event(now + app.coldStart().toMillis() / 1000.0, seq++, p, -1));
      }
    } else {
      for (int i = wanted; i < desired; i++) {
        drainOne();
      }
    }
    desired = wanted;
    pods.removeIf(p -> p.gone);
    maxReplicas = Math.max(maxReplicas, desired);
  }

  private void drainOne() {
    Pod victim = null;
    for (Pod p : pods) {
      if (p.gone || p.draining) {
        continue;
      }
      if (victim == null
          || (!p.ready && victim.ready)
          || (p.ready == victim.ready && p.load() < victim.load())) {
        victim = p;
      }
    }
    if (victim == null) {
      return;
    }
    victim.draining = true;
    if (!victim.ready || victim.load() == 0) {
      victim.gone = true;
    }
  }

  private int readyCount() {
    int n = 0;
    for (Pod p : pods) {
      n += p.ready && !p.draining && !p.gone ? 1 : 0;
    }
    return n;
  }

  private double inFlight() {
    int n = 0;
    for (Pod p : pods) {
      n += p.gone ? 0 : p.load();
    }
    return n;
  }

  private SimReport report(String scenario, double targetMs, double percentile) {
    int windowCount = (int) Math.ceil(arrivals.lengthSeconds() / 60);
    List<List<Float>> byWindow = new ArrayList<>();
    for (int w = 0; w < windowCount; w++) {
      byWindow.add(new ArrayList<>());
    }
    for (int i = 0; i < latency.length; i++) {
      int w = (int) (arrivals.times()[i] / 60);
      if (w < windowCount && !Float.isNaN(latency[i])) {
        byWindow.get(w).add(latency[i]);
      }
    }
    int windows = 0;
    int met = 0;
    for (int w = 0; w < windowCount; w++) {
      List<Float> l = byWindow.get(w);
      if (l.isEmpty() || Double.isNaN(firstReady) || w * 60.0 < firstReady) {
        continue;
      }
      float[] values = new float[l.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = l.get(i);
      }
      windows++;
      met += quantile(values, percentile) <= targetMs ? 1 : 0;
    }
    float[] all = latency.clone();
    return new SimReport(
        scenario,
        policy.name(),
        arrivals.size(),
        windows,
        met,
        quantile(all, 0.5),
        quantile(all, 0.95),
        quantile(all, 0.99),
        timedOut,
        replicaSeconds,
        coldStarts,
        heldRequests,
        scaleEvents,
        maxReplicas);
  }

  /** Nearest-rank percentile; sorts {@code values} in place. */
  static double quantile(float[] values, double q) {
    if (values.length == 0) {
      return Double.NaN;
    }
    Arrays.sort(values);
    int rank = (int) Math.ceil(q * values.length) - 1;
    return values[Math.max(0, Math.min(values.length - 1, rank))];
  }
}
