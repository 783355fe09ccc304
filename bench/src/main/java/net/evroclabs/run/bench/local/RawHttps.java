package net.evroclabs.run.bench.local;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One kept-alive HTTP/1.1 connection over TLS, written and read on the calling thread: times a
 * {@code GET /} from writing the request to reading the first byte of the answer, then reads the
 * whole answer (Content-Length or chunked) so that the connection serves the next request.
 */
final class RawHttps implements AutoCloseable {

  private final SSLSocket socket;
  private final OutputStream out;
  private final InputStream in;
  private final byte[] request;

  private RawHttps(SSLSocket socket, String host) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.in = new BufferedInputStream(socket.getInputStream());
    this.request =
        ("GET / HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: bench\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
  }

  /** Connects to {@code 127.0.0.1:port} with SNI {@code host} and completes the handshake. */
  static RawHttps open(SSLContext tls, int port, String host) throws IOException {
    SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setServerNames(List.of(new SNIHostName(host)));
    socket.setSSLParameters(parameters);
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(60_000);
    socket.startHandshake();
    return new RawHttps(socket, host);
  }

  /**
   * Sends {@code GET /} and returns the time to the first byte of the answer in ms; the answer must
   * be a 200.
   */
  double firstByteMs() throws IOException {
    long t0 = System.nanoTime();
    out.write(request);
    out.flush();
    int first = in.read();
    double ms = (System.nanoTime() - t0) / 1e6;
    if (first < 0) {
      throw new IOException("the ingress closed the connection instead of answering");
    }
    String status = (char) first + line();
    if (!status.startsWith("HTTP/1.1 200")) {
      throw new IllegalStateException("cold request answered " + status);
    }
    long length = -1;
    boolean chunked = false;
    for (String header = line(); !header.isEmpty(); header = line()) {
      String lower = header.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        length = Long.parseLong(lower.substring("content-length:".length()).trim());
      } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        chunked = true;
      }
    }
    if (chunked) {
      for (long size = chunkSize(); size > 0; size = chunkSize()) {
        skip(size);
        line();
      }
      for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
        // Trailers are read and dropped.
      }
    } else if (length >= 0) {
      skip(length);
    } else {
      throw new IOException("an answer without Content-Length or chunked body cannot be kept");
    }
    return ms;
  }

  private long chunkSize() throws IOException {
    String size = line();
    int semicolon = size.indexOf(';');
    return Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
  }

  private void skip(long n) throws IOException {
    in.skipNBytes(n);
  }

  /** One line without its CRLF. */
  private String line() throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(64);
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("the connection closed within an answer");
      }
      if (b != '\r') {
        buffer.write(b);
      }
    }
    return buffer.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
