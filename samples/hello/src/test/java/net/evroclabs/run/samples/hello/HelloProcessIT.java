package net.evroclabs.run.samples.hello;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code java -jar target/hello.jar} as a child process, as the platform and local mode run it. */
class HelloProcessIT {

  private static Path jar;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private Process process;
  private Path output;

  @BeforeAll
  static void findJar() {
    jar = Path.of(System.getProperty("hello.jar", "target/hello.jar"));
    assertThat(jar).as("the packaged sample; run through `mvn verify`").isRegularFile();
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    client.close();
  }

  /** Starts the jar on loopback with {@code env} on top of this JVM's environment. */
  private Process start(Map<String, String> env) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-jar", jar.toString());
    builder.environment().remove("PORT");
    builder.environment().put("BIND_ADDRESS", "127.0.0.1");
    builder.environment().putAll(env);
    output = Files.createTempFile("hello-", ".out");
    output.toFile().deleteOnExit();
    builder.redirectErrorStream(true).redirectOutput(output.toFile());
    process = builder.start();
    return process;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private String output() throws IOException {
    return Files.readString(output, StandardCharsets.UTF_8);
  }

  private URI uri(int port, String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + port + pathAndQuery);
  }

  private HttpResponse<String> get(int port, String pathAndQuery) throws Exception {
    return client.send(
        HttpRequest.newBuilder(uri(port, pathAndQuery)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Starts the jar and waits until it answers {@code /healthz}; returns its port. */
  private int startHealthy(Map<String, String> env) throws Exception {
    int port = freePort();
    Map<String, String> withPort = new HashMap<>(env);
    withPort.put("PORT", Integer.toString(port));
    start(withPort);
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .ignoreExceptions()
        .until(() -> get(port, "/healthz").statusCode() == 200);
    return port;
  }

  @Test
  void answersTheGreetingFromItsEnvironment() throws Exception {
    int port =
        startHealthy(Map.of("HELLO", "world", "K_SERVICE", "hello", "K_REVISION", "hello-00001"));

    HttpResponse<String> response = get(port, "/");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("Hello world from hello/hello-00001\n");
    assertThat(output())
        .contains("hello: listening on 127.0.0.1:" + port + " as hello/hello-00001");
  }

  @Test
  void sleepAnswersAfterTheRequestedTime() throws Exception {
    int port = startHealthy(Map.of());
    long start = System.nanoTime();

    HttpResponse<String> response = get(port, "/sleep?ms=300");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("slept 300 ms\n");
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(300));
  }

  @Test
  void envListsTheVariablesItWasGiven() throws Exception {
    int port = startHealthy(Map.of("EVROC_RUN_TEST_MARKER", "marker-value"));

    HttpResponse<String> response = get(port, "/env");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body().lines())
        .contains("EVROC_RUN_TEST_MARKER=marker-value", "PORT=" + port);
  }

  @Test
  void badQueryValueIsA400NamingTheParameter() throws Exception {
    int port = startHealthy(Map.of());

    HttpResponse<String> response = get(port, "/cpu?ms=lots");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("ms = \"lots\"");
  }

  @Test
  void refusesToStartWithoutPort() throws Exception {
    Process child = start(Map.of());

    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).isEqualTo(2);
    assertThat(output()).contains("hello: refusing to start: PORT is not set");
  }

  @Test
  void refusesToStartWithAnInvalidPort() throws Exception {
    Process child = start(Map.of("PORT", "http"));

    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).isEqualTo(2);
    assertThat(output()).contains("PORT = \"http\" is not a port number");
  }

  @Test
  void refusesToStartWithAPortOutOfRange() throws Exception {
    Process child = start(Map.of("PORT", "70000"));

    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).isEqualTo(2);
    assertThat(output()).contains("PORT = \"70000\" is out of range");
  }

  @Test
  void sigtermLetsTheRequestInFlightCompleteThenExitsZero() throws Exception {
    int port = startHealthy(Map.of());
    CompletableFuture<HttpResponse<String>> slow =
        client.sendAsync(
            HttpRequest.newBuilder(uri(port, "/sleep?ms=1500")).build(),
            HttpResponse.BodyHandlers.ofString());
    // in_flight counts the /stats request too: 2 means the sleep is being served.
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> get(port, "/stats").body().startsWith("in_flight 2\n"));

    process.destroy(); // SIGTERM

    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> HelloServerIT.refusesConnections(port));
    assertThat(slow.isDone()).as("the sleeping request is still being served").isFalse();
    HttpResponse<String> response = slow.get(15, TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("slept 1500 ms\n");
    assertThat(process.waitFor(15, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(0);
    assertThat(output()).contains("hello: shutting down", "hello: drained, exiting");
  }

  @Test
  void sigtermWhenIdleExitsZeroPromptly() throws Exception {
    startHealthy(Map.of());
    long start = System.nanoTime();

    process.destroy();

    assertThat(process.waitFor(15, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(0);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }
}
