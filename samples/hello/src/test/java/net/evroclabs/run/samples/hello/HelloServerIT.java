package net.evroclabs.run.samples.hello;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The server in this JVM on 127.0.0.1, spoken to over real HTTP. */
class HelloServerIT {

  private final HttpClient client = HttpClient.newHttpClient();
  private HelloServer server;

  @BeforeEach
  void start() throws IOException {
    HelloConfig config =
        new HelloConfig(
            "127.0.0.1", 0, new Greeting("loopback", "svc", "svc-00001"), Map.of("A", "1"));
    server = HelloServer.start(config, new ThreadWork());
  }

  @AfterEach
  void stop() throws InterruptedException {
    server.drain(Duration.ofSeconds(1));
    client.close();
  }

  private URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + server.address().getPort() + pathAndQuery);
  }

  private HttpResponse<String> send(String method, String pathAndQuery) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(uri(pathAndQuery))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void greetsAsPlainText() throws Exception {
    HttpResponse<String> response = send("GET", "/");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("Hello loopback from svc/svc-00001\n");
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
  }

  @Test
  void headAnswersWithoutABody() throws Exception {
    HttpResponse<String> response = send("HEAD", "/healthz");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEmpty();
  }

  @Test
  void badQueryValueIsA400NamingTheParameter() throws Exception {
    HttpResponse<String> response = send("GET", "/sleep?ms=soon");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).startsWith("query parameter ms = \"soon\" is invalid");
  }

  @Test
  void unknownPathIsA404AndOtherMethodsA405() throws Exception {
    assertThat(send("GET", "/missing").statusCode()).isEqualTo(404);

    HttpResponse<String> post = send("POST", "/");
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
  }

  @Test
  void cpuAnswersAfterBurning() throws Exception {
    HttpResponse<String> response = send("GET", "/cpu?ms=20");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("burned CPU for 20 ms\n");
  }

  @Test
  void healthAnswersWhileMoreCpuBurnsThanCoresAreRunning() throws Exception {
    int burns = Runtime.getRuntime().availableProcessors() + 2;
    List<CompletableFuture<HttpResponse<String>>> burning = new ArrayList<>();
    for (int i = 0; i < burns; i++) {
      burning.add(
          client.sendAsync(
              HttpRequest.newBuilder(uri("/cpu?ms=2500")).build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> server.load().inFlight() == burns);

    HttpResponse<String> health = send("GET", "/healthz");

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(burning)
        .as("health answered while every burn was still running")
        .noneMatch(CompletableFuture::isDone);
    for (CompletableFuture<HttpResponse<String>> burn : burning) {
      assertThat(burn.get().statusCode()).isEqualTo(200);
    }
  }

  @Test
  void statsCountsTheRequestAskingForThem() throws Exception {
    assertThat(send("GET", "/stats").body()).startsWith("in_flight 1\n");
  }

  @Test
  void drainStopsAcceptingAndLetsTheRequestInFlightComplete() throws Exception {
    CompletableFuture<HttpResponse<String>> slow =
        client.sendAsync(
            HttpRequest.newBuilder(uri("/sleep?ms=700")).build(),
            HttpResponse.BodyHandlers.ofString());
    await().atMost(Duration.ofSeconds(10)).until(() -> server.load().inFlight() == 1);
    int port = server.address().getPort();

    CompletableFuture<Boolean> drained =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return server.drain(Duration.ofSeconds(10));
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    await().atMost(Duration.ofSeconds(5)).until(() -> refusesConnections(port));

    assertThat(slow.isDone()).as("the slow request is still being served").isFalse();
    assertThat(drained.get()).isTrue();
    assertThat(slow.get().statusCode()).isEqualTo(200);
    assertThat(slow.get().body()).isEqualTo("slept 700 ms\n");
  }

  @Test
  void drainOfAnIdleServerReturnsAtOnce() throws Exception {
    int port = server.address().getPort();
    long start = System.nanoTime();

    assertThat(server.drain(Duration.ofSeconds(10))).isTrue();

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    await().atMost(Duration.ofSeconds(5)).until(() -> refusesConnections(port));
    assertThatThrownBy(() -> send("GET", "/")).isInstanceOf(IOException.class);
  }

  static boolean refusesConnections(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
      return false;
    } catch (ConnectException refused) {
      return true;
    } catch (IOException other) {
      return false;
    }
  }
}
