package org.stackwise.data.read;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.stackwise.BadInputException;

/**
 * Streams the records of delimited text, byte by byte, RFC 4180 style: fields may be quoted with
 * {@code "}; a quoted field may hold delimiters, newlines and doubled quotes ({@code ""} → {@code "}).
 * Lines end with LF, CRLF or a lone CR. Spaces (and tabs, unless tab is the delimiter) around a field
 * are trimmed, outside the quotes of a quoted field too. Blank lines are skipped. A UTF-8 byte order
 * mark at the start is skipped.
 *
 * <p>Working on bytes is safe for UTF-8: no byte of a multi-byte sequence is ASCII, so delimiters,
 * quotes and newlines are found without decoding; only text fields are decoded, by the caller.
 * Line numbers are physical lines of the file (a quoted newline starts a new line).
 */
final class CsvTokenizer implements Closeable {
  private final InputStream in;
  private final String source;
  private final boolean gzip;
  private final byte delim;
  private final byte[] buf = new byte[InputFiles.BUFFER];
  private int pos;
  private int lim;
  private long line = 1;

  private byte[] data = new byte[1024];
  private int dataLen;
  private int[] starts = new int[64];
  private int[] ends = new int[64];
  private boolean[] quoted = new boolean[64];
  private int count;
  private long recordLine;

  CsvTokenizer(InputStream in, String source, boolean gzip, char delimiter) {
    this.in = in;
    this.source = source;
    this.gzip = gzip;
    this.delim = (byte) delimiter;
    skipBom();
  }

  private void skipBom() {
    if (peek() == 0xef) {
      fill(3);
      if (lim - pos >= 3 && (buf[pos + 1] & 0xff) == 0xbb && (buf[pos + 2] & 0xff) == 0xbf) pos += 3;
    }
  }

  /** Makes at least {@code n} bytes available when the input has them. */
  private void fill(int n) {
    if (lim - pos >= n) return;
    System.arraycopy(buf, pos, buf, 0, lim - pos);
    lim -= pos;
    pos = 0;
    try {
      while (lim < n) {
        int r = in.read(buf, lim, buf.length - lim);
        if (r < 0) return;
        lim += r;
      }
    } catch (IOException e) {
      throw InputFiles.failure(source, line, gzip, e);
    }
  }

  private int read() {
    if (pos < lim) return buf[pos++] & 0xff;
    fill(1);
    return pos < lim ? buf[pos++] & 0xff : -1;
  }

  private int peek() {
    if (pos < lim) return buf[pos] & 0xff;
    fill(1);
    return pos < lim ? buf[pos] & 0xff : -1;
  }

  /** Reads the next non-blank record; false at the end of the input. */
  boolean next() {
    while (true) {
      if (peek() < 0) return false;
      readRecord();
      if (count == 1 && !quoted[0] && starts[0] == ends[0]) continue; // blank line
      return true;
    }
  }

  /** Number of fields in the current record. */
  int count() { return count; }

  /** Physical line on which the current record starts. */
  long recordLine() { return recordLine; }

  /** The byte array holding the current record's fields; valid until the next call to {@link #next}. */
  byte[] data() { return data; }

  int start(int field) { return starts[field]; }

  int length(int field) { return ends[field] - starts[field]; }

  boolean quoted(int field) { return quoted[field]; }

  /** The physical line on which field {@code field} of the current record starts. */
  long fieldLine(int field) {
    // Fields after a quoted newline start on later lines; count newlines inside the record.
    long l = recordLine;
    for (int f = 0; f < field; f++) {
      for (int i = starts[f]; i < ends[f]; i++) if (data[i] == '\n') l++;
    }
    return l;
  }

  private void readRecord() {
    count = 0;
    dataLen = 0;
    recordLine = line;
    boolean trimTab = delim != '\t';
    while (true) {
      int fieldStart = dataLen;
      int c = read();
      while (c == ' ' || (c == '\t' && trimTab)) c = read();
      if (c == '"') {
        long openLine = line;
        while (true) {
          c = read();
          if (c < 0) {
            throw new BadInputException(source, openLine, count + 1,
                "unterminated quoted field: the quote opened here is never closed");
          }
          if (c == '"') {
            if (peek() == '"') {
              read();
            } else {
              break;
            }
          } else if (c == '\n') {
            line++;
          } else if (c == '\r') {
            if (peek() != '\n') line++;
          } else if (c == 0) {
            throw new BadInputException(source, line, count + 1, InputFiles.NUL_RULE);
          }
          append(c);
        }
        c = read();
        while (c == ' ' || (c == '\t' && trimTab)) c = read();
        if (c != delim && c != '\n' && c != '\r' && c >= 0) {
          throw new BadInputException(source, line, count + 1, "unexpected character '" + printable(c)
              + "' after the closing quote of a quoted field (quotes inside a quoted field must be doubled)");
        }
        addField(fieldStart, dataLen, true);
      } else {
        while (c != delim && c != '\n' && c != '\r' && c >= 0) {
          if (c == 0) throw new BadInputException(source, line, count + 1, InputFiles.NUL_RULE);
          append(c);
          c = read();
        }
        int e = dataLen;
        while (e > fieldStart && (data[e - 1] == ' ' || (data[e - 1] == '\t' && trimTab))) e--;
        dataLen = e;
        addField(fieldStart, e, false);
      }
      if (c == delim) continue;
      if (c == '\r') {
        if (peek() == '\n') read();
        line++;
      } else if (c == '\n') {
        line++;
      }
      return;
    }
  }

  private static String printable(int c) {
    return c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("0x%02x", c);
  }

  private void append(int c) {
    if (dataLen == data.length) data = Arrays.copyOf(data, data.length * 2);
    data[dataLen++] = (byte) c;
  }

  private void addField(int s, int e, boolean q) {
    if (count == starts.length) {
      int n = count * 2;
      starts = Arrays.copyOf(starts, n);
      ends = Arrays.copyOf(ends, n);
      quoted = Arrays.copyOf(quoted, n);
    }
    starts[count] = s;
    ends[count] = e;
    quoted[count] = q;
    count++;
  }

  @Override public void close() {
    try {
      in.close();
    } catch (IOException e) {
      // Nothing useful to do: the data was read already.
    }
  }
}
