package net.evroclabs.run.samples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RouterTest {

  private final Router router = new Router();

  private Route get(String pathAndQuery) {
    return router.route("GET", URI.create(pathAndQuery));
  }

  @Test
  void eachKnownPathHasItsRoute() {
    assertThat(get("/")).isEqualTo(new Route.Greet());
    assertThat(get("/healthz")).isEqualTo(new Route.Health());
    assertThat(get("/env")).isEqualTo(new Route.Env());
    assertThat(get("/stats")).isEqualTo(new Route.Stats());
  }

  @Test
  void sleepAndCpuCarryTheRequestedMilliseconds() {
    assertThat(get("/sleep?ms=1500")).isEqualTo(new Route.Sleep(Duration.ofMillis(1500)));
    assertThat(get("/cpu?ms=25")).isEqualTo(new Route.BurnCpu(Duration.ofMillis(25)));
  }

  @Test
  void zeroAndTheMaximumAreAccepted() {
    assertThat(get("/sleep?ms=0")).isEqualTo(new Route.Sleep(Duration.ZERO));
    assertThat(get("/cpu?ms=600000")).isEqualTo(new Route.BurnCpu(Duration.ofMinutes(10)));
  }

  @Test
  void otherQueryParametersAreIgnored() {
    assertThat(get("/sleep?x=1&ms=10&y")).isEqualTo(new Route.Sleep(Duration.ofMillis(10)));
  }

  @Test
  void percentEncodedValuesAreDecoded() {
    assertThat(get("/sleep?%6Ds=%31%30")).isEqualTo(new Route.Sleep(Duration.ofMillis(10)));
  }

  @Test
  void headIsServedLikeGet() {
    assertThat(router.route("HEAD", URI.create("/healthz"))).isEqualTo(new Route.Health());
  }

  @Test
  void missingMillisecondsIsABadRequestNamingTheParameter() {
    assertThat(get("/sleep"))
        .isEqualTo(
            new Route.Rejected(
                400, "query parameter ms is missing; pass ms=N with N between 0 and 600000"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "-5", "1.5", "", "600001", "9999999999", "1e3", "0x10"})
  void invalidMillisecondsIsABadRequestNamingParameterAndValue(String value) {
    assertThat(get("/cpu?ms=" + value))
        .isEqualTo(
            new Route.Rejected(
                400,
                "query parameter ms = \""
                    + value
                    + "\" is invalid; it must be a whole number of milliseconds between 0 and"
                    + " 600000"));
  }

  @Test
  void repeatedMillisecondsIsABadRequest() {
    assertThat(get("/sleep?ms=1&ms=2"))
        .isEqualTo(new Route.Rejected(400, "query parameter ms is given 2 times; pass it once"));
  }

  @Test
  void unknownPathIsNotFound() {
    assertThat(get("/nope")).isEqualTo(new Route.Rejected(404, "no such path: /nope"));
    assertThat(get("/healthz/")).isEqualTo(new Route.Rejected(404, "no such path: /healthz/"));
  }

  @Test
  void methodsOtherThanGetAndHeadAreNotAllowed() {
    assertThat(router.route("POST", URI.create("/")))
        .isEqualTo(new Route.Rejected(405, "method POST is not allowed; use GET or HEAD"));
  }

  @Test
  void brokenPercentEscapeIsKeptVerbatimSoTheErrorCanNameIt() {
    assertThat(Router.parameters("ms=%zz")).containsEntry("ms", List.of("%zz"));
  }

  @Test
  void queryParametersKeepOrderAndRepeats() {
    assertThat(Router.parameters("a=1&b&a=2&&c="))
        .containsExactly(
            Map.entry("a", List.of("1", "2")),
            Map.entry("b", List.of("")),
            Map.entry("c", List.of("")));
  }
}
