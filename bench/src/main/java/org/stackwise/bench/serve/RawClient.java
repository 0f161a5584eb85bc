package org.stackwise.bench.serve;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A minimal HTTP/1.1 client on one keep-alive connection, for the load generator: it writes a POST and
 * reads the status line, headers and a {@code Content-Length} body. Far less work per request than a
 * general client, so the generator takes little of the CPU it shares with the server. Not thread-safe:
 * one per client thread.
 */
final class RawClient implements Closeable {
  private final String host;
  private final int port;
  private Socket socket;
  private InputStream in;
  private OutputStream out;
  private String lastBody = "";

  RawClient(String host, int port) throws IOException {
    this.host = host;
    this.port = port;
    connect();
  }

  private void connect() throws IOException {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(new InetSocketAddress(host, port), 10_000);
    socket.setSoTimeout(60_000);
    in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
    out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
  }

  /** Sends {@code body} to {@code path}; returns the status (the body is kept for error messages). */
  int post(String path, byte[] body) throws IOException {
    if (socket == null) connect();
    String head = "POST " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nContent-Type: application/json\r\nContent-Length: "
        + body.length + "\r\n\r\n";
    out.write(head.getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
    String status = line();
    if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) throw new IOException("bad status line: " + status);
    int code = Integer.parseInt(status.substring(9, 12));
    int length = -1;
    boolean close = false;
    for (String h; !(h = line()).isEmpty(); ) {
      String lower = h.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:")) length = Integer.parseInt(h.substring(15).trim());
      else if (lower.startsWith("connection:") && lower.contains("close")) close = true;
      else if (lower.startsWith("transfer-encoding:")) throw new IOException("chunked answers are not expected");
    }
    if (length < 0) throw new IOException("answer without Content-Length");
    byte[] b = in.readNBytes(length);
    if (b.length < length) throw new EOFException("answer cut short");
    if (code != 200) lastBody = new String(b, StandardCharsets.UTF_8);
    if (close) close();
    return code;
  }

  String lastBody() {
    return lastBody;
  }

  private String line() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream(64);
    for (int c; (c = in.read()) != '\n'; ) {
      if (c < 0) throw new EOFException("connection closed by the server");
      if (c != '\r') b.write(c);
    }
    return b.toString(StandardCharsets.US_ASCII);
  }

  @Override public void close() {
    try {
      if (socket != null) socket.close();
    } catch (IOException e) {
      // closing anyway
    }
    socket = null;
  }
}
