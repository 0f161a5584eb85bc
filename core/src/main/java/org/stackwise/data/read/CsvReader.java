package org.stackwise.data.read;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.stackwise.BadInputException;

/**
 * Reads delimited text into a {@link RawTable}, inferring each column's type: a column whose
 * non-missing values all parse as finite decimal numbers is numeric; any other value makes it
 * categorical, with every non-missing value (numbers included) as a level.
 *
 * <p>One streaming pass stores numbers as doubles and texts as dictionary codes, so numeric cells
 * never become Strings. A column that turns out to mix numbers and texts needs the original text of
 * its numeric cells ("01" and "1" are different levels), so only then is the file read a second time,
 * for those columns only.
 *
 * <p>Also recognised: the scikit-learn bundled-data layout (iris.csv, wine_data.csv,
 * breast_cancer.csv), whose first line is {@code n_samples,n_features,class names...} instead of
 * column names. Its columns are named {@code c1..cN} and {@code target}; the integer target codes
 * become the named classes, in the listed order.
 */
final class CsvReader {
  private CsvReader() { }

  static RawTable read(Path path, ReadOptions opt) {
    String source = InputFiles.name(path);
    boolean gzip = InputFiles.isGzip(path);
    char delimiter = opt.delimiter() != null ? opt.delimiter() : sniffDelimiter(path, source, gzip);
    byte[][] missing = new byte[opt.missing().size()][];
    for (int i = 0; i < missing.length; i++) missing[i] = opt.missing().get(i).getBytes(StandardCharsets.UTF_8);

    try (CsvTokenizer tok = new CsvTokenizer(InputFiles.open(path), source, gzip, delimiter)) {
      if (!tok.next()) throw new BadInputException(source, "empty file (no data)");
      List<String> names;
      long headerLine = 0;
      List<String> headerFields = null;
      if (opt.header()) {
        headerLine = tok.recordLine();
        headerFields = new ArrayList<>(tok.count());
        for (int j = 0; j < tok.count(); j++) headerFields.add(text(tok, j, source));
        if (!tok.next()) {
          throw new BadInputException(source, headerLine, 0, "no data rows: the file has a header line only");
        }
        names = headerFields;
      } else {
        names = new ArrayList<>();
        for (int j = 1; j <= tok.count(); j++) names.add("c" + j);
      }
      // The first data record is current now.
      List<String> classNames = null;
      boolean sklearn = headerFields != null && isSklearnHeader(headerFields, tok.count());
      long firstDataLine = tok.recordLine();
      if (sklearn) {
        int p = Integer.parseInt(headerFields.get(1));
        names = new ArrayList<>();
        for (int j = 1; j <= p; j++) names.add("c" + j);
        names.add("target");
        classNames = headerFields.subList(2, headerFields.size());
      } else {
        names = new ArrayList<>(names);
        for (int j = 0; j < names.size(); j++) if (names.get(j).isEmpty()) names.set(j, "c" + (j + 1));
        checkDuplicates(names, source, headerLine);
      }
      int n = names.size();
      Acc[] acc = new Acc[n];
      for (int j = 0; j < n; j++) acc[j] = new Acc(names.get(j).equals(opt.target()));
      long[] lines = new long[1024];
      int rows = 0;
      do {
        if (tok.count() != n) throw ragged(source, tok, n);
        if (rows == lines.length) lines = Arrays.copyOf(lines, rows * 2);
        lines[rows] = tok.recordLine();
        for (int j = 0; j < n; j++) acc[j].add(rows, tok, j, missing, source);
        rows++;
      } while (tok.next());

      if (sklearn && rows != Integer.parseInt(headerFields.get(0))) {
        // Not the scikit-learn layout after all: the first line was an ordinary header.
        if (headerFields.size() != n) {
          throw new BadInputException(source, firstDataLine, Math.min(headerFields.size(), n) + 1,
              "expected " + headerFields.size() + " fields (as in the header), got " + n);
        }
        sklearn = false;
        names = headerFields;
        checkDuplicates(names, source, headerLine);
        classNames = null;
      }

      boolean needSecondPass = false;
      for (Acc a : acc) needSecondPass |= a.mixed();
      if (needSecondPass) secondPass(path, source, gzip, delimiter, opt.header(), acc, missing);

      List<RawColumn> cols = new ArrayList<>(n);
      for (int j = 0; j < n; j++) cols.add(acc[j].finish(names.get(j), j + 1, rows));
      if (sklearn && !classNames.isEmpty()) {
        cols.set(n - 1, sklearnTarget(cols.get(n - 1), classNames, source, lines));
      }
      return new RawTable(source, cols, rows, Arrays.copyOf(lines, rows), headerLine);
    }
  }

  /** {@code n_samples,n_features[,class names]}: two integers, then names that are not numbers. */
  private static boolean isSklearnHeader(List<String> header, int dataWidth) {
    if (header.size() < 2 || !isDigits(header.get(0)) || !isDigits(header.get(1))) return false;
    if (header.get(1).length() > 9 || Integer.parseInt(header.get(1)) + 1 != dataWidth) return false;
    if (header.get(0).length() > 9) return false;
    for (int j = 2; j < header.size(); j++) {
      if (header.get(j).isEmpty() || !Double.isNaN(Numbers.parse(header.get(j)))) return false;
    }
    return true;
  }

  private static boolean isDigits(String s) {
    if (s.isEmpty()) return false;
    for (int i = 0; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
    return true;
  }

  private static RawColumn sklearnTarget(RawColumn c, List<String> classNames, String source, long[] lines) {
    double[] v = c.values();
    for (int i = 0; i < v.length; i++) {
      if (Double.isNaN(v[i])) continue;
      if (!Numbers.isIntegral(v[i]) || v[i] < 0 || v[i] >= classNames.size()) {
        throw new BadInputException(source, lines[i], c.field(), "target value " + Numbers.format(v[i])
            + " is not a class index 0.." + (classNames.size() - 1) + " of the classes named on the first line");
      }
    }
    return RawColumn.categorical(c.name(), c.field(), v, classNames, true);
  }

  private static void checkDuplicates(List<String> names, String source, long headerLine) {
    Map<String, Integer> seen = new HashMap<>();
    for (int j = 0; j < names.size(); j++) {
      Integer prev = seen.putIfAbsent(names.get(j), j + 1);
      if (prev != null) {
        boolean looksLikeData = names.stream().filter(s -> !Double.isNaN(Numbers.parse(s))).count() * 2 > names.size();
        throw new BadInputException(source, headerLine, j + 1, "duplicate column name '" + names.get(j)
            + "' (also column " + prev + ")"
            + (looksLikeData ? "; the first line looks like data: is the file without a header (--no-header)?" : ""));
      }
    }
  }

  private static BadInputException ragged(String source, CsvTokenizer tok, int n) {
    int got = tok.count();
    int col = Math.min(got, n) + 1;
    return new BadInputException(source, tok.recordLine(), col,
        "ragged row: expected " + n + " fields, got " + got);
  }

  /** Decodes field {@code j}, which must be valid UTF-8. */
  static String text(CsvTokenizer tok, int j, String source) {
    byte[] d = tok.data();
    int s = tok.start(j);
    int len = tok.length(j);
    int bad = InputFiles.invalidUtf8(d, s, len);
    if (bad >= 0) throw new BadInputException(source, tok.fieldLine(j), j + 1, InputFiles.invalidUtf8Rule(d, bad));
    return InputFiles.decode(d, s, len);
  }

  static boolean isMissing(byte[] d, int s, int len, byte[][] missing) {
    outer:
    for (byte[] m : missing) {
      if (m.length != len) continue;
      for (int i = 0; i < len; i++) if (d[s + i] != m[i]) continue outer;
      return true;
    }
    return false;
  }

  static BadInputException nonFinite(String source, long line, int column, String value, byte[][] missing) {
    StringBuilder tokens = new StringBuilder();
    for (byte[] m : missing) {
      if (tokens.length() > 0) tokens.append(", ");
      tokens.append('\'').append(new String(m, StandardCharsets.UTF_8)).append('\'');
    }
    return new BadInputException(source, line, column, "non-finite value '" + value
        + "': values must be finite numbers; a missing value is written as one of " + tokens);
  }

  private static void secondPass(Path path, String source, boolean gzip, char delimiter, boolean header,
      Acc[] acc, byte[][] missing) {
    try (CsvTokenizer tok = new CsvTokenizer(InputFiles.open(path), source, gzip, delimiter)) {
      if (header) tok.next();
      int row = 0;
      while (tok.next()) {
        for (int j = 0; j < acc.length; j++) {
          if (acc[j].mixed()) acc[j].addNumberText(row, tok, j, missing, source);
        }
        row++;
      }
    }
  }

  /** Picks the delimiter among , ; and tab that splits the first lines into equally many fields. */
  private static char sniffDelimiter(Path path, String source, boolean gzip) {
    Path fileName = path.getFileName();
    String name = fileName == null ? "" : fileName.toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".tsv") || name.endsWith(".tsv.gz")) return '\t';
    byte[] head = new byte[InputFiles.BUFFER];
    int len = 0;
    try (InputStream in = InputFiles.open(path)) {
      int r;
      while (len < head.length && (r = in.read(head, len, head.length - len)) > 0) len += r;
    } catch (IOException e) {
      // Truncated gzip data: sniff what was read; the parse itself reports the line where it ends.
      if (!gzip) throw InputFiles.failure(source, 0, false, e);
    }
    char[] candidates = {',', ';', '\t'};
    char best = ',';
    int bestScore = -1;
    for (char c : candidates) {
      int[] counts = countPerLine(head, len, (byte) c, len == head.length);
      if (counts.length == 0) continue;
      boolean consistent = true;
      int total = 0;
      for (int k : counts) {
        total += k;
        consistent &= k == counts[0];
      }
      // A delimiter that gives every line the same number of fields wins over raw frequency.
      int score = counts[0] > 0 && consistent ? 1_000_000 + counts[0] : total;
      if (score > bestScore) {
        bestScore = score;
        best = c;
      }
    }
    return best;
  }

  /** Delimiter count per line (outside quotes) for up to 50 lines; the cut-off last line is left out. */
  private static int[] countPerLine(byte[] b, int len, byte delim, boolean truncated) {
    List<Integer> counts = new ArrayList<>();
    boolean inQuotes = false;
    int k = 0;
    boolean lineHasContent = false;
    for (int i = 0; i < len && counts.size() < 50; i++) {
      byte c = b[i];
      if (c == '"') inQuotes = !inQuotes;
      if (inQuotes) continue;
      if (c == '\n' || c == '\r') {
        if (lineHasContent) counts.add(k);
        k = 0;
        lineHasContent = false;
      } else {
        lineHasContent |= c != ' ';
        if (c == delim) k++;
      }
    }
    if (!truncated && lineHasContent && counts.size() < 50) counts.add(k);
    int[] out = new int[counts.size()];
    for (int i = 0; i < out.length; i++) out[i] = counts.get(i);
    return out;
  }

  /** Collects one column. */
  private static final class Acc {
    private final boolean keepText;
    private double[] values = new double[1024];
    private int[] codes;
    private final Map<String, Integer> dict = new HashMap<>();
    private final List<String> texts = new ArrayList<>();
    private int numbers;
    private int textCount;

    Acc(boolean keepText) {
      this.keepText = keepText;
    }

    boolean mixed() {
      return numbers > 0 && textCount > 0 && !keepText;
    }

    void add(int row, CsvTokenizer tok, int j, byte[][] missing, String source) {
      if (row == values.length) {
        values = Arrays.copyOf(values, row * 2);
        if (codes != null) codes = Arrays.copyOf(codes, row * 2);
      }
      byte[] d = tok.data();
      int s = tok.start(j);
      int len = tok.length(j);
      if (isMissing(d, s, len, missing)) {
        values[row] = Double.NaN;
        if (codes != null) codes[row] = -1;
        return;
      }
      double v = Numbers.parse(d, s, len);
      if (v == v) {
        if (Double.isInfinite(v)) throw nonFinite(source, tok.fieldLine(j), j + 1, text(tok, j, source), missing);
        numbers++;
        values[row] = v;
        if (keepText) {
          setCode(row, code(text(tok, j, source)));
        } else if (codes != null) {
          codes[row] = -1;
        }
      } else {
        if (Numbers.isNonFiniteWord(d, s, len)) {
          throw nonFinite(source, tok.fieldLine(j), j + 1, text(tok, j, source), missing);
        }
        textCount++;
        values[row] = Double.NaN;
        setCode(row, code(text(tok, j, source)));
      }
    }

    /** Second pass: the text of a numeric cell of a mixed column. */
    void addNumberText(int row, CsvTokenizer tok, int j, byte[][] missing, String source) {
      byte[] d = tok.data();
      int s = tok.start(j);
      int len = tok.length(j);
      if (!isMissing(d, s, len, missing) && codes[row] < 0) codes[row] = code(text(tok, j, source));
    }

    private void setCode(int row, int code) {
      if (codes == null) {
        codes = new int[values.length];
        Arrays.fill(codes, -1);
      }
      codes[row] = code;
    }

    private int code(String s) {
      Integer c = dict.get(s);
      if (c == null) {
        c = texts.size();
        dict.put(s, c);
        texts.add(s);
      }
      return c;
    }

    RawColumn finish(String name, int field, int rows) {
      double[] v = Arrays.copyOf(values, rows);
      if (textCount == 0) {
        if (!keepText) return RawColumn.numeric(name, field, v, false);
        int[] c = new int[rows];
        if (codes == null) {
          Arrays.fill(c, -1);
        } else {
          System.arraycopy(codes, 0, c, 0, rows);
        }
        return new RawColumn(name, field, v, null, false, List.copyOf(texts), c);
      }
      for (int i = 0; i < rows; i++) v[i] = codes[i] < 0 ? Double.NaN : codes[i];
      return RawColumn.categorical(name, field, v, texts, false);
    }
  }
}
