package net.evroclabs.run.activator.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HttpsRedirectHandlerTest {

  @Test
  void locationKeepsHostAndUriAndNamesThePortUnless443() {
    assertThat(HttpsRedirectHandler.location("Svc.Run.Localhost:8080", 8443, "/a?b=c"))
        .isEqualTo("https://svc.run.localhost:8443/a?b=c");
    assertThat(HttpsRedirectHandler.location("svc.run.localhost", 443, "/"))
        .isEqualTo("https://svc.run.localhost/");
  }
}
