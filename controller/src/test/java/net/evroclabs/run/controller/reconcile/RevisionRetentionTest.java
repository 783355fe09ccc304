package net.evroclabs.run.controller.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import net.evroclabs.run.controller.traffic.RevisionView;
import org.junit.jupiter.api.Test;

class RevisionRetentionTest {

  private static List<RevisionView> revisions(int count) {
    return IntStream.rangeClosed(1, count).mapToObj(n -> RevisionView.ready("hello", n)).toList();
  }

  @Test
  void keepsTheNewestUnreferencedRevisionsUpToTheLimitAndDeletesOlderOnesOldestFirst() {
    assertThat(RevisionRetention.toDelete(revisions(6), Set.of("hello-00006"), 2))
        .containsExactly("hello-00001", "hello-00002", "hello-00003");
  }

  @Test
  void neverDeletesAReferencedRevisionHoweverOld() {
    assertThat(RevisionRetention.toDelete(revisions(5), Set.of("hello-00001", "hello-00005"), 1))
        .containsExactly("hello-00002", "hello-00003");
  }

  @Test
  void deletesNothingWhileUnderTheLimit() {
    assertThat(RevisionRetention.toDelete(revisions(3), Set.of("hello-00003"), 20)).isEmpty();
  }

  @Test
  void aLimitOfZeroKeepsOnlyReferencedRevisions() {
    assertThat(RevisionRetention.toDelete(revisions(3), Set.of("hello-00002"), 0))
        .containsExactly("hello-00001", "hello-00003");
  }
}
