package org.stackwise.io.logs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.stackwise.BadInputException;
import org.stackwise.lazy.OutputTable;

/**
 * Converts a RouterBench CSV (Hu et al. 2024, "RouterBench: A Benchmark for Multi-LLM Routing System")
 * to an execution log ({@code stackwise import routerbench}).
 *
 * <h2>Input</h2>
 * A CSV with a header; per model {@code M}: a column {@code M} with 1.0 when its answer was graded
 * correct, 0.0 when wrong, empty when not graded; {@code M|model_response} with its raw answer (a
 * Python list literal such as {@code ['B\n']}); {@code M|total_cost} with the US-dollar cost of the
 * query. Other columns ({@code sample_id}, {@code prompt}, {@code eval_name},
 * {@code oracle_model_to_route_to}, an unnamed index) are not members. Quoted fields may span lines.
 *
 * <h2>Conversion</h2>
 * <ul>
 *   <li>A model's answer is the first character of its response (after the list brackets, quotes,
 *       whitespace and escaped newlines) when it is an option letter {@code A}–{@code E} — RouterBench's
 *       own grading matches that character — and the class {@code invalid} otherwise
 *       ({@code "I do not know"}, an empty response). Outputs are one-hot over the fixed classes
 *       {@code A, B, C, D, E, invalid, none}, written in full so every converted file has the same classes.
 *   <li>The label is the answer of any model graded correct on that row or on another row with the same
 *       {@code sample_id} (the CSVs repeat a few questions, each copy graded for some models only);
 *       answers of correct models must agree. A question no model answered correctly is labelled
 *       {@code none}: every model is wrong on it, as in the benchmark.
 *   <li>The cost is {@code M|total_cost} (unit {@code usd}); a missing or negative cost is an error.
 *   <li>The row id is {@code sample_id}, suffixed with {@code #<index>} (the first column) when the
 *       sample id repeats.
 * </ul>
 */
public final class RouterBenchImporter {
  /** The fixed classes of converted logs. */
  public static final List<String> CLASSES = List.of("A", "B", "C", "D", "E", "invalid", "none");

  private static final Set<String> NOT_MEMBERS = Set.of("", "sample_id", "prompt", "eval_name", "oracle_model_to_route_to");

  /** A conversion result: the table and notes for the user. */
  public record Result(OutputTable table, List<String> notes) { }

  private RouterBenchImporter() { }

  /** Reads {@code csv} and writes the execution log {@code out}. */
  public static Result convert(Path csv, Path out) throws IOException {
    Result r = read(csv);
    ExecutionLogWriter.write(r.table(), out);
    return r;
  }

  /** Reads a RouterBench CSV into a member-output table. */
  public static Result read(Path csv) throws IOException {
    try (InputStream in = Files.newInputStream(csv)) {
      return read(new InputStreamReader(in, StandardCharsets.UTF_8), csv.toString());
    } catch (NoSuchFileException e) {
      throw new BadInputException(csv.toString(), "file not found");
    }
  }

  /** Reads RouterBench CSV text; {@code source} names it in errors. */
  public static Result read(Reader reader, String source) throws IOException {
    CsvCursor cur = new CsvCursor(new BufferedReader(reader), source);
    List<String> header = cur.next();
    if (header == null) throw new BadInputException(source, "empty file (expected a header)");
    Map<String, Integer> col = new HashMap<>();
    for (int c = 0; c < header.size(); c++) {
      if (col.put(header.get(c), c) != null && !header.get(c).isEmpty()) {
        throw new BadInputException(source, 1, c + 1, "duplicate column '" + header.get(c) + "'");
      }
    }
    if (!col.containsKey("sample_id")) throw new BadInputException(source, 1, 0, "no 'sample_id' column; is this a RouterBench CSV?");
    List<String> models = new ArrayList<>();
    for (String h : header) if (!h.contains("|") && !NOT_MEMBERS.contains(h)) models.add(h);
    if (models.isEmpty()) throw new BadInputException(source, 1, 0, "no model columns found");
    for (String m : models) {
      for (String suffix : List.of("|model_response", "|total_cost")) {
        if (!col.containsKey(m + suffix)) throw new BadInputException(source, 1, 0, "model '" + m + "' has no '" + m + suffix + "' column");
      }
    }
    record Raw(long line, String sampleId, String index, int[] answer, Boolean[] correct, double[] cost) { }
    List<Raw> raws = new ArrayList<>();
    Map<String, Integer> sampleCount = new HashMap<>();
    List<String> row;
    while ((row = cur.next()) != null) {
      long line = cur.recordLine();
      if (row.size() == 1 && row.get(0).isEmpty()) continue;
      if (row.size() != header.size()) {
        throw new BadInputException(source, line, 0, "expected " + header.size() + " fields, got " + row.size());
      }
      String sid = row.get(col.get("sample_id"));
      if (sid.isEmpty()) throw new BadInputException(source, line, 0, "empty sample_id");
      int[] answer = new int[models.size()];
      Boolean[] correct = new Boolean[models.size()];
      double[] cost = new double[models.size()];
      for (int j = 0; j < models.size(); j++) {
        String m = models.get(j);
        answer[j] = CLASSES.indexOf(answer(row.get(col.get(m + "|model_response"))));
        String mark = row.get(col.get(m)).trim();
        if (!mark.isEmpty()) {
          double v;
          try {
            v = Double.parseDouble(mark);
          } catch (NumberFormatException e) {
            throw new BadInputException(source, line, col.get(m) + 1, "model '" + m + "': correctness must be 0 or 1, got '" + mark + "'");
          }
          if (v != 0 && v != 1) throw new BadInputException(source, line, col.get(m) + 1, "model '" + m + "': correctness must be 0 or 1, got " + mark);
          correct[j] = v == 1;
        }
        String cs = row.get(col.get(m + "|total_cost")).trim();
        try {
          cost[j] = Double.parseDouble(cs);
        } catch (NumberFormatException e) {
          throw new BadInputException(source, line, col.get(m + "|total_cost") + 1, "model '" + m + "': cost must be a number, got '" + cs + "'");
        }
        if (!Double.isFinite(cost[j]) || cost[j] < 0) {
          throw new BadInputException(source, line, col.get(m + "|total_cost") + 1, "model '" + m + "': cost must be a finite number >= 0, got " + cs);
        }
      }
      String index = col.containsKey("") ? row.get(col.get("")) : Long.toString(line);
      raws.add(new Raw(line, sid, index, answer, correct, cost));
      sampleCount.merge(sid, 1, Integer::sum);
    }
    if (raws.isEmpty()) throw new BadInputException(source, "no data rows");
    // gold answer per sample id: the answer of any model graded correct on any of its rows
    Map<String, Integer> gold = new LinkedHashMap<>();
    Map<String, Long> goldLine = new HashMap<>();
    for (Raw r : raws) {
      for (int j = 0; j < models.size(); j++) {
        if (Boolean.TRUE.equals(r.correct()[j])) {
          Integer g = gold.get(r.sampleId());
          if (g != null && g != r.answer()[j]) {
            throw new BadInputException(source, r.line(), 0, "sample '" + r.sampleId() + "': models graded correct answered both "
                + CLASSES.get(g) + " (line " + goldLine.get(r.sampleId()) + ") and " + CLASSES.get(r.answer()[j]) + " (model '"
                + models.get(j) + "')");
          }
          if (r.answer()[j] == CLASSES.indexOf("invalid")) {
            throw new BadInputException(source, r.line(), 0, "sample '" + r.sampleId() + "': model '" + models.get(j)
                + "' is graded correct but its answer is not an option letter");
          }
          gold.put(r.sampleId(), r.answer()[j]);
          goldLine.putIfAbsent(r.sampleId(), r.line());
        }
      }
    }
    OutputTable.Builder b = OutputTable.builder(models, CLASSES, "usd");
    int none = 0;
    int disagreements = 0;
    for (Raw r : raws) {
      Integer g = gold.get(r.sampleId());
      if (g == null) none++;
      int label = g == null ? CLASSES.indexOf("none") : g;
      double[][] p = new double[models.size()][CLASSES.size()];
      for (int j = 0; j < models.size(); j++) {
        p[j][r.answer()[j]] = 1;
        if (r.correct()[j] != null && r.correct()[j] != (r.answer()[j] == label)) disagreements++;
      }
      String id = sampleCount.get(r.sampleId()) > 1 ? r.sampleId() + "#" + r.index() : r.sampleId();
      b.add(id, label, p, r.cost());
    }
    List<String> notes = new ArrayList<>();
    notes.add(raws.size() + " rows, " + models.size() + " models, costs in usd");
    long dupIds = sampleCount.values().stream().filter(v -> v > 1).count();
    if (dupIds > 0) notes.add(dupIds + " sample ids occur more than once (ids suffixed with #index)");
    if (none > 0) notes.add(none + " rows where no model is correct are labelled 'none'");
    if (disagreements > 0) notes.add(disagreements + " grades disagree with answer == label (kept as graded answers)");
    return new Result(b.build(), notes);
  }

  /** The answer class of a raw response: its first meaningful character if it is A–E, else "invalid". */
  static String answer(String raw) {
    String s = raw.strip();
    if (s.startsWith("[") && s.endsWith("]")) s = s.substring(1, s.length() - 1).strip();
    if (s.length() >= 2 && (s.charAt(0) == '\'' || s.charAt(0) == '"') && s.charAt(s.length() - 1) == s.charAt(0)) {
      s = s.substring(1, s.length() - 1);
    }
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '\\' && i + 1 < s.length() && "ntr".indexOf(s.charAt(i + 1)) >= 0) {
        i += 2;
      } else {
        break;
      }
    }
    if (i >= s.length()) return "invalid";
    char c = s.charAt(i);
    return c >= 'A' && c <= 'E' ? String.valueOf(c) : "invalid";
  }

  /** A minimal RFC 4180 reader: comma-separated, double-quoted fields with "" escapes, quoted newlines. */
  static final class CsvCursor {
    private final BufferedReader in;
    private final String source;
    private long line = 1;
    private long recordLine;

    CsvCursor(BufferedReader in, String source) {
      this.in = in;
      this.source = source;
    }

    /** The 1-based line on which the last record started. */
    long recordLine() { return recordLine; }

    /** The next record, or null at the end. */
    List<String> next() throws IOException {
      int ch = in.read();
      if (ch < 0) return null;
      recordLine = line;
      List<String> fields = new ArrayList<>();
      StringBuilder f = new StringBuilder();
      boolean quoted = false;
      boolean fieldStart = true;
      while (true) {
        if (ch < 0) {
          if (quoted) throw new BadInputException(source, recordLine, 0, "unterminated quoted field");
          fields.add(f.toString());
          return fields;
        }
        char c = (char) ch;
        if (quoted) {
          if (c == '"') {
            in.mark(1);
            int nx = in.read();
            if (nx == '"') {
              f.append('"');
            } else {
              quoted = false;
              if (nx >= 0) in.reset();
            }
          } else {
            if (c == '\n') line++;
            f.append(c);
          }
        } else if (c == '"' && fieldStart) {
          quoted = true;
          fieldStart = false;
        } else if (c == ',') {
          fields.add(f.toString());
          f.setLength(0);
          fieldStart = true;
        } else if (c == '\n' || c == '\r') {
          if (c == '\r') {
            in.mark(1);
            if (in.read() != '\n') in.reset();
          }
          line++;
          fields.add(f.toString());
          return fields;
        } else {
          f.append(c);
          fieldStart = false;
        }
        ch = in.read();
      }
    }
  }
}
