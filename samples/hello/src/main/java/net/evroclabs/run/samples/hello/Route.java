package net.evroclabs.run.samples.hello;

import java.time.Duration;

/** What a request asks for, decided from its method, path and query alone. */
public sealed interface Route {

  /** {@code GET /}: the greeting. */
  record Greet() implements Route {}

  /** {@code GET /sleep?ms=N}: answer after waiting. */
  record Sleep(Duration duration) implements Route {}

  /** {@code GET /cpu?ms=N}: answer after keeping a core busy. */
  record BurnCpu(Duration duration) implements Route {}

  /** {@code GET /healthz}: liveness and readiness. */
  record Health() implements Route {}

  /** {@code GET /env}: the process environment. */
  record Env() implements Route {}

  /** {@code GET /stats}: how many requests are being served right now. */
  record Stats() implements Route {}

  /** A request the sample does not serve, with the status and the reason to send back. */
  record Rejected(int status, String reason) implements Route {}
}
