package org.stackwise.data.read;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.stackwise.BadInputException;

/**
 * Reads Weka ARFF files: {@code @relation}, {@code @attribute} (numeric, real, integer, nominal
 * {@code {a,b,'c d'}}), {@code @data} with dense rows or sparse rows ({@code {0 1, 3 2.5}}: 0-based
 * attribute index and value; attributes not listed are 0, which for a nominal attribute is its first
 * value). {@code %} starts a comment line; {@code ?} is a missing value; values may be quoted with
 * {@code '} or {@code "}, with backslash escapes inside quotes. Nominal levels keep their declared
 * order. String, date and relational attributes are rejected.
 *
 * <p>Reference: the ARFF format as documented by the University of Waikato (Weka manual, "ARFF").
 */
final class ArffReader {
  private ArffReader() { }

  private record Attribute(String name, List<String> levels, Map<String, Integer> index) {
    boolean nominal() { return levels != null; }
  }

  static RawTable read(Path path) {
    try (TextLines lines = new TextLines(path)) {
      String source = lines.source();
      List<Attribute> attributes = new ArrayList<>();
      Map<String, Long> names = new HashMap<>();
      boolean data = false;
      long headerLine = 0;
      boolean any = false;
      String s;
      while ((s = lines.next()) != null) {
        String t = s.strip();
        if (t.isEmpty() || t.startsWith("%")) continue;
        any = true;
        if (t.charAt(0) != '@') {
          throw new BadInputException(source, lines.line(), 1,
              "expected @relation, @attribute or @data, got '" + abbreviate(t) + "'");
        }
        Cursor cur = new Cursor(s, source, lines.line());
        cur.skipSpace();
        String keyword = cur.word().toLowerCase(Locale.ROOT);
        switch (keyword) {
          case "@relation" -> { }
          case "@attribute" -> {
            Attribute a = attribute(cur);
            Long prev = names.putIfAbsent(a.name(), lines.line());
            if (prev != null) {
              throw new BadInputException(source, lines.line(), 0, "duplicate attribute name '" + a.name()
                  + "' (also declared at line " + prev + ")");
            }
            attributes.add(a);
          }
          case "@data" -> {
            data = true;
            headerLine = lines.line();
          }
          default -> throw new BadInputException(source, lines.line(), 1, "unknown ARFF declaration '" + keyword
              + "' (expected @relation, @attribute or @data)");
        }
        if (data) break;
      }
      if (!any) throw new BadInputException(source, "empty file (no ARFF header)");
      if (!data) throw new BadInputException(source, lines.line(), 0, "no @data section");
      if (attributes.isEmpty()) throw new BadInputException(source, headerLine, 0, "no @attribute declarations before @data");

      int p = attributes.size();
      double[][] cols = new double[p][1024];
      long[] rowLines = new long[1024];
      int rows = 0;
      while ((s = lines.next()) != null) {
        String t = s.strip();
        if (t.isEmpty() || t.startsWith("%")) continue;
        if (rows == rowLines.length) {
          rowLines = Arrays.copyOf(rowLines, rows * 2);
          for (int j = 0; j < p; j++) cols[j] = Arrays.copyOf(cols[j], rows * 2);
        }
        rowLines[rows] = lines.line();
        Cursor cur = new Cursor(s, source, lines.line());
        cur.skipSpace();
        if (cur.peek() == '{') {
          sparseRow(cur, attributes, cols, rows);
        } else {
          denseRow(cur, attributes, cols, rows);
        }
        rows++;
      }
      if (rows == 0) throw new BadInputException(source, headerLine, 0, "no data rows after @data");
      List<RawColumn> out = new ArrayList<>(p);
      for (int j = 0; j < p; j++) {
        Attribute a = attributes.get(j);
        double[] v = Arrays.copyOf(cols[j], rows);
        out.add(a.nominal() ? RawColumn.categorical(a.name(), j + 1, v, a.levels(), true)
            : RawColumn.numeric(a.name(), j + 1, v, true));
      }
      return new RawTable(source, out, rows, Arrays.copyOf(rowLines, rows), headerLine);
    }
  }

  private static Attribute attribute(Cursor cur) {
    cur.skipSpace();
    if (cur.atEnd()) throw cur.error("missing attribute name after @attribute");
    Value name = cur.value(" \t{");
    cur.skipSpace();
    if (cur.atEnd()) throw cur.error("missing type of attribute '" + name.text + "'");
    int typeColumn = cur.column();
    if (cur.peek() == '{') {
      cur.advance();
      List<String> levels = new ArrayList<>();
      Map<String, Integer> index = new HashMap<>();
      while (true) {
        cur.skipSpace();
        if (cur.atEnd()) throw cur.error("unterminated nominal value list: '}' expected");
        if (cur.peek() == '}' && levels.isEmpty()) {
          cur.advance();
          break;
        }
        int at = cur.column();
        Value v = cur.value(",}");
        if (index.putIfAbsent(v.text, levels.size()) != null) {
          throw new BadInputException(cur.source, cur.line, at, "duplicate value '" + v.text
              + "' in nominal attribute '" + name.text + "'");
        }
        levels.add(v.text);
        cur.skipSpace();
        if (cur.atEnd()) throw cur.error("unterminated nominal value list: '}' expected");
        char c = cur.next();
        if (c == '}') break;
        if (c != ',') throw cur.error("expected ',' or '}' in nominal value list, got '" + c + "'");
      }
      return new Attribute(name.text, List.copyOf(levels), index);
    }
    String type = cur.word().toLowerCase(Locale.ROOT);
    return switch (type) {
      case "numeric", "real", "integer" -> new Attribute(name.text, null, null);
      case "string", "date", "relational" -> throw new BadInputException(cur.source, cur.line, typeColumn,
          "ARFF attribute type '" + type + "' is not supported (attribute '" + name.text
              + "'); only numeric, real, integer and nominal attributes can be read");
      default -> throw new BadInputException(cur.source, cur.line, typeColumn, "unknown ARFF attribute type '"
          + type + "' (attribute '" + name.text + "')");
    };
  }

  private static void denseRow(Cursor cur, List<Attribute> attributes, double[][] cols, int row) {
    int p = attributes.size();
    int field = 0;
    while (true) {
      cur.skipSpace();
      Value v = cur.value(",");
      if (field < p) cols[field][row] = convert(v, attributes.get(field), cur, field + 1);
      field++;
      cur.skipSpace();
      if (cur.atEnd()) break;
      char c = cur.next();
      if (c != ',') throw new BadInputException(cur.source, cur.line, field, "expected ',' after a value, got '" + c + "'");
    }
    if (field != p) {
      throw new BadInputException(cur.source, cur.line, Math.min(field, p) + 1,
          "ragged row: expected " + p + " values, got " + field);
    }
  }

  private static void sparseRow(Cursor cur, List<Attribute> attributes, double[][] cols, int row) {
    int p = attributes.size();
    for (int j = 0; j < p; j++) cols[j][row] = 0;
    cur.advance(); // '{'
    int last = -1;
    while (true) {
      cur.skipSpace();
      if (cur.atEnd()) throw cur.error("unterminated sparse row: '}' expected");
      if (cur.peek() == '}') {
        cur.advance();
        break;
      }
      int at = cur.column();
      String idx = cur.word();
      int j;
      try {
        j = Integer.parseInt(idx);
      } catch (NumberFormatException e) {
        throw new BadInputException(cur.source, cur.line, at, "sparse row: expected a 0-based attribute index, got '" + idx + "'");
      }
      if (j < 0 || j >= p) {
        throw new BadInputException(cur.source, cur.line, at, "sparse row: attribute index " + j
            + " is outside 0.." + (p - 1));
      }
      if (j <= last) {
        throw new BadInputException(cur.source, cur.line, at, "sparse row: attribute indices must increase, got "
            + j + " after " + last);
      }
      last = j;
      cur.skipSpace();
      Value v = cur.value(",}");
      cols[j][row] = convert(v, attributes.get(j), cur, j + 1);
      cur.skipSpace();
      if (cur.atEnd()) throw cur.error("unterminated sparse row: '}' expected");
      char c = cur.next();
      if (c == '}') break;
      if (c != ',') throw cur.error("expected ',' or '}' in sparse row, got '" + c + "'");
    }
    cur.skipSpace();
    if (!cur.atEnd()) throw cur.error("unexpected text after the sparse row (instance weights are not supported)");
  }

  private static double convert(Value v, Attribute a, Cursor cur, int column) {
    if (!v.quoted && v.text.equals("?")) return Double.NaN;
    if (a.nominal()) {
      Integer k = a.index().get(v.text);
      if (k == null) {
        throw new BadInputException(cur.source, cur.line, column, "value '" + v.text
            + "' is not one of the declared values of nominal attribute '" + a.name() + "' " + abbreviate(a.levels().toString()));
      }
      return k;
    }
    double x = Numbers.parse(v.text);
    if (Double.isNaN(x) && !Numbers.isNonFiniteWord(v.text)) {
      throw new BadInputException(cur.source, cur.line, column, "value '" + abbreviate(v.text)
          + "' is not a number (attribute '" + a.name() + "' is numeric)");
    }
    if (Double.isNaN(x) || Double.isInfinite(x)) {
      throw new BadInputException(cur.source, cur.line, column, "non-finite value '" + v.text
          + "': values must be finite numbers; a missing value is written as ?");
    }
    return x;
  }

  static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }

  private record Value(String text, boolean quoted) { }

  /** A position in one line. Error columns are 1-based character positions. */
  private static final class Cursor {
    final String s;
    final String source;
    final long line;
    int i;

    Cursor(String s, String source, long line) {
      this.s = s;
      this.source = source;
      this.line = line;
    }

    boolean atEnd() { return i >= s.length(); }

    char peek() { return s.charAt(i); }

    char next() { return s.charAt(i++); }

    void advance() { i++; }

    int column() { return i + 1; }

    void skipSpace() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
    }

    /** Characters up to whitespace, ',' or a brace. */
    String word() {
      int start = i;
      while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && "{},".indexOf(s.charAt(i)) < 0) i++;
      return s.substring(start, i);
    }

    /** A quoted value, or the characters up to one of {@code stops} (trimmed). */
    Value value(String stops) {
      if (i < s.length() && (s.charAt(i) == '\'' || s.charAt(i) == '"')) {
        char q = s.charAt(i);
        int open = i + 1;
        i++;
        StringBuilder sb = new StringBuilder();
        while (true) {
          if (i >= s.length()) {
            throw new BadInputException(source, line, open, "unterminated quoted value: the quote opened here is never closed");
          }
          char c = s.charAt(i++);
          if (c == q) break;
          if (c == '\\' && i < s.length()) {
            char e = s.charAt(i++);
            sb.append(switch (e) {
              case 'n' -> '\n';
              case 't' -> '\t';
              case 'r' -> '\r';
              default -> e;
            });
          } else {
            sb.append(c);
          }
        }
        return new Value(sb.toString(), true);
      }
      int start = i;
      while (i < s.length() && stops.indexOf(s.charAt(i)) < 0) i++;
      return new Value(s.substring(start, i).strip(), false);
    }

    BadInputException error(String rule) {
      return new BadInputException(source, line, column(), rule);
    }
  }
}
