package net.evroclabs.run.controller.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import net.evroclabs.run.api.PlatformConfig;
import net.evroclabs.run.api.TrafficStatus;
import net.evroclabs.run.api.TrafficTarget;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TrafficResolverTest {

  private static final String IID = "k3x9q2m7ab";
  private static final String NEXT_URL = "https://next-svc-k3x9q2m7ab.run.localhost";

  private static RevisionView ready(int n) {
    return RevisionView.ready("hello", n);
  }

  private static RevisionView pending(int n) {
    return RevisionView.pending("hello", n);
  }

  private static RevisionView failed(int n) {
    return RevisionView.failed("hello", n, "ImagePullBackOff", "cannot pull");
  }

  private static TrafficStatus routed(int n, boolean latest, int percent, String tag, String url) {
    return new TrafficStatus(String.format("hello-%05d", n), latest, percent, tag, url);
  }

  private static Arguments resolves(
      String description,
      List<TrafficTarget> targets,
      List<RevisionView> revisions,
      List<TrafficStatus> expected) {
    return Arguments.of(description, targets, revisions, new TrafficResolution.Resolved(expected));
  }

  private static Arguments fails(
      String description,
      List<TrafficTarget> targets,
      List<RevisionView> revisions,
      boolean failed,
      String reason) {
    return Arguments.of(
        description, targets, revisions, new TrafficResolution.Unresolved(failed, reason, null));
  }

  static Stream<Arguments> table() {
    return Stream.of(
        resolves(
            "latest goes to the only ready revision",
            List.of(TrafficTarget.latest(100)),
            List.of(ready(1)),
            List.of(routed(1, true, 100, null, null))),
        resolves(
            "latest skips a newer revision that is still deploying",
            List.of(TrafficTarget.latest(100)),
            List.of(ready(1), pending(2)),
            List.of(routed(1, true, 100, null, null))),
        resolves(
            "latest skips a newer revision that failed",
            List.of(TrafficTarget.latest(100)),
            List.of(ready(1), failed(2)),
            List.of(routed(1, true, 100, null, null))),
        resolves(
            "latest goes to the newest of several ready revisions",
            List.of(TrafficTarget.latest(100)),
            List.of(ready(3), ready(1), ready(2)),
            List.of(routed(3, true, 100, null, null))),
        resolves(
            "a pinned revision gets its share even while it is not ready",
            List.of(TrafficTarget.pinned("hello-00001", 90), TrafficTarget.latest(10)),
            List.of(pending(1), ready(2)),
            List.of(routed(1, false, 90, null, null), routed(2, true, 10, null, null))),
        resolves(
            "a tagged target at 0 percent gets its own URL",
            List.of(
                TrafficTarget.pinned("hello-00001", 100).withTag("current"),
                TrafficTarget.latest(0).withTag("next")),
            List.of(ready(1), ready(2)),
            List.of(
                routed(1, false, 100, "current", "https://current-svc-k3x9q2m7ab.run.localhost"),
                routed(2, true, 0, "next", NEXT_URL))),
        fails(
            "latest with no revision yet waits",
            List.of(TrafficTarget.latest(100)),
            List.of(),
            false,
            TrafficResolver.REVISION_NOT_READY),
        fails(
            "latest with only a deploying revision waits",
            List.of(TrafficTarget.latest(100)),
            List.of(pending(1)),
            false,
            TrafficResolver.REVISION_NOT_READY),
        fails(
            "latest with only a failed revision fails",
            List.of(TrafficTarget.latest(100)),
            List.of(failed(1)),
            true,
            TrafficResolver.REVISION_FAILED),
        fails(
            "a pinned revision that does not exist fails",
            List.of(TrafficTarget.pinned("hello-00007", 100)),
            List.of(ready(1)),
            true,
            TrafficResolver.REVISION_MISSING),
        fails(
            "a pinned revision of another service fails",
            List.of(TrafficTarget.pinned("other-00001", 100)),
            List.of(ready(1)),
            true,
            TrafficResolver.REVISION_MISSING),
        fails(
            "a missing pin outranks waiting for the latest",
            List.of(TrafficTarget.pinned("hello-00009", 50), TrafficTarget.latest(50)),
            List.of(pending(1)),
            true,
            TrafficResolver.REVISION_MISSING));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void resolvesTargetsToConcreteRevisions(
      String description,
      List<TrafficTarget> targets,
      List<RevisionView> revisions,
      TrafficResolution expected) {
    TrafficResolution actual =
        TrafficResolver.resolve("hello", IID, targets, revisions, PlatformConfig.defaults());

    if (expected instanceof TrafficResolution.Unresolved u) {
      assertThat(actual).isInstanceOf(TrafficResolution.Unresolved.class);
      TrafficResolution.Unresolved a = (TrafficResolution.Unresolved) actual;
      assertThat(a.failed()).isEqualTo(u.failed());
      assertThat(a.reason()).isEqualTo(u.reason());
      assertThat(a.message()).isNotBlank();
    } else {
      assertThat(actual).isEqualTo(expected);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void resolvedTrafficNamesOnlyExistingRevisionsAndLatestOnlyReadyOnes(
      String description,
      List<TrafficTarget> targets,
      List<RevisionView> revisions,
      TrafficResolution expected) {
    TrafficResolution actual =
        TrafficResolver.resolve("hello", IID, targets, revisions, PlatformConfig.defaults());

    if (actual instanceof TrafficResolution.Resolved r) {
      for (TrafficStatus t : r.traffic()) {
        RevisionView v =
            revisions.stream().filter(x -> x.name().equals(t.getRevisionName())).findFirst().get();
        if (Boolean.TRUE.equals(t.getLatestRevision())) {
          assertThat(v.readiness()).isEqualTo(RevisionView.Readiness.READY);
        }
      }
      assertThat(r.traffic().stream().mapToInt(TrafficStatus::getPercent).sum())
          .isEqualTo(targets.stream().mapToInt(TrafficTarget::getPercent).sum());
    }
  }

  @org.junit.jupiter.api.Test
  void aPinnedFailedRevisionIsRoutedAsAskedAndReported() {
    TrafficResolution r =
        TrafficResolver.resolve(
            "hello",
            IID,
            List.of(TrafficTarget.pinned("hello-00002", 10), TrafficTarget.latest(90)),
            List.of(ready(1), failed(2)),
            PlatformConfig.defaults());

    TrafficResolution.Resolved resolved = (TrafficResolution.Resolved) r;
    assertThat(resolved.traffic())
        .containsExactly(routed(2, false, 10, null, null), routed(1, true, 90, null, null));
    assertThat(resolved.failedPins())
        .singleElement()
        .asString()
        .contains("spec.traffic[0]", "hello-00002", "ImagePullBackOff");
  }

  @org.junit.jupiter.api.Test
  void missingPinMessageNamesTheFieldTheValueAndTheExistingRevisions() {
    TrafficResolution r =
        TrafficResolver.resolve(
            "hello",
            IID,
            List.of(TrafficTarget.latest(50), TrafficTarget.pinned("hello-00007", 50)),
            List.of(ready(1), ready(2)),
            PlatformConfig.defaults());

    assertThat(((TrafficResolution.Unresolved) r).message())
        .contains("spec.traffic[1].revisionName = hello-00007", "[hello-00001, hello-00002]");
  }
}
