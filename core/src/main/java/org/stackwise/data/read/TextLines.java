package org.stackwise.data.read;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import org.stackwise.BadInputException;

/**
 * The lines of a UTF-8 text file (LF, CRLF or lone CR endings, optional byte order mark, gzip
 * recognised), each checked for valid UTF-8 and NUL bytes so that a binary file is reported as such
 * with the line where it shows.
 */
final class TextLines implements Closeable {
  private final InputStream in;
  private final String source;
  private final boolean gzip;
  private final byte[] buf = new byte[InputFiles.BUFFER];
  private int pos;
  private int lim;
  private byte[] lineBuf = new byte[256];
  private long line;
  private boolean first = true;

  TextLines(Path path) {
    this.source = InputFiles.name(path);
    this.gzip = InputFiles.isGzip(path);
    this.in = InputFiles.open(path);
  }

  String source() { return source; }

  /** Line number (1-based) of the line last returned by {@link #next}. */
  long line() { return line; }

  private int read() {
    if (pos == lim) {
      try {
        int r = in.read(buf, 0, buf.length);
        if (r <= 0) return -1;
        pos = 0;
        lim = r;
      } catch (IOException e) {
        throw InputFiles.failure(source, line + 1, gzip, e);
      }
    }
    return buf[pos++] & 0xff;
  }

  private int peek() {
    int c = read();
    if (c >= 0) pos--;
    return c;
  }

  /** The next line without its line ending, or null at the end of the file. */
  String next() {
    int c = read();
    if (c < 0) return null;
    line++;
    int len = 0;
    while (c >= 0 && c != '\n' && c != '\r') {
      if (c == 0) throw new BadInputException(source, line, 0, InputFiles.NUL_RULE);
      if (len == lineBuf.length) lineBuf = Arrays.copyOf(lineBuf, len * 2);
      lineBuf[len++] = (byte) c;
      c = read();
    }
    if (c == '\r' && peek() == '\n') read();
    int off = 0;
    if (first) {
      first = false;
      if (len >= 3 && (lineBuf[0] & 0xff) == 0xef && (lineBuf[1] & 0xff) == 0xbb && (lineBuf[2] & 0xff) == 0xbf) off = 3;
    }
    int bad = InputFiles.invalidUtf8(lineBuf, off, len - off);
    if (bad >= 0) {
      throw new BadInputException(source, line, bad - off + 1, InputFiles.invalidUtf8Rule(lineBuf, bad));
    }
    return InputFiles.decode(lineBuf, off, len - off);
  }

  @Override public void close() {
    try {
      in.close();
    } catch (IOException e) {
      // Reading is over; nothing to recover.
    }
  }
}
