package net.evroclabs.run.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class NamingTest {

  private static final PlatformConfig CONFIG =
      PlatformConfig.defaults().withDomain("prod.evroclabs.net");

  @Test
  void iidIsTenLowerCaseAlphanumericsAndStable() {
    String uid = "0b6f5a8e-2c1d-4a3b-9e8f-7d6c5b4a3f21";
    String iid = Naming.iid(uid);
    assertThat(iid).matches("[a-z0-9]{10}").isEqualTo(Naming.iid(uid));
  }

  @Test
  void iidsOfDistinctUidsDoNotCollideAcrossManyServices() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 200_000; i++) {
      assertThat(seen.add(Naming.iid(UUID.nameUUIDFromBytes(("svc" + i).getBytes()).toString())))
          .isTrue();
    }
  }

  @Test
  void iidNeedsAUid() {
    assertThatThrownBy(() -> Naming.iid(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("metadata.uid");
  }

  @Test
  void hostsFollowTheDomainTemplates() {
    assertThat(Naming.serviceHost(CONFIG, "k3x9q2m7ab"))
        .isEqualTo("svc-k3x9q2m7ab.prod.evroclabs.net");
    assertThat(Naming.tagHost(CONFIG, "previous", "k3x9q2m7ab"))
        .isEqualTo("previous-svc-k3x9q2m7ab.prod.evroclabs.net");
    assertThat(Naming.url("svc-k3x9q2m7ab.prod.evroclabs.net"))
        .isEqualTo("https://svc-k3x9q2m7ab.prod.evroclabs.net");
  }

  @Test
  void revisionNamesAreNumberedWithFiveDigits() {
    assertThat(Naming.revisionName("hello", 1)).isEqualTo("hello-00001");
    assertThat(Naming.revisionName("hello", 99_999)).isEqualTo("hello-99999");
    assertThatThrownBy(() -> Naming.revisionName("hello", 100_000))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void revisionNumbersAreReadBackOnlyForTheirOwnService() {
    assertThat(Naming.revisionNumber("hello", "hello-00042")).isEqualTo(42);
    assertThat(Naming.revisionNumber("hello", "hello-world-00001")).isEqualTo(-1);
    assertThat(Naming.revisionNumber("hello-world", "hello-world-00001")).isEqualTo(1);
    assertThat(Naming.revisionNumber("hello", "hello-1")).isEqualTo(-1);
  }

  @Test
  void clusterNamesAreNamespaceSlashRevision() {
    assertThat(Naming.clusterName("team-a", "hello-00001")).isEqualTo("team-a/hello-00001");
  }
}
