package org.stackwise.cli.serve;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.stackwise.data.Column;
import org.stackwise.data.Schema;

/**
 * Turns a {@code /predict} body into raw schema rows, checking every value against the model's schema.
 *
 * <p>Accepted bodies: one row (a JSON object keyed by column name), {@code {"rows": [row, ...]}} or a
 * JSON array of rows. Every column of the schema must be present; {@code null} is a missing value.
 * Numeric columns take JSON numbers; categorical columns take a level name (a string, or a number
 * matching a numeric level). A level the model never saw is treated as missing, as when reading a file
 * ({@link org.stackwise.data.read.SchemaAlignment}), and reported in the answer's {@code warnings}. The
 * target column may be present and is ignored. Anything else is a 400 whose message names the row and
 * field: {@code rows[3].petal_length: expected a number or null, got "abc"}.
 */
final class RowParser {
  /** A parsed body: the rows, whether it was a single object, and notes for the client. */
  record Parsed(List<double[]> rows, boolean single, List<String> warnings) { }

  private static final ObjectMapper MAPPER = JsonMapper.builder().build();

  static {
    // nesting and number lengths far beyond any valid row: refuse early instead of parsing them
    MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).maxNumberLength(400).build());
  }

  private final Schema schema;
  private final String target;
  private final int maxRows;
  private final Map<String, Integer> index = new HashMap<>();
  private final List<Map<String, Integer>> levels = new ArrayList<>();
  private final List<Map<Double, Integer>> numericLevels = new ArrayList<>();

  RowParser(Schema schema, String target, int maxRows) {
    this.schema = schema;
    this.target = target;
    this.maxRows = maxRows;
    for (int j = 0; j < schema.size(); j++) {
      Column c = schema.column(j);
      index.put(c.name(), j);
      Map<String, Integer> byName = new HashMap<>();
      Map<Double, Integer> byNumber = new HashMap<>();
      if (c.isCategorical()) {
        for (int k = 0; k < c.levels().size(); k++) {
          String level = c.levels().get(k);
          byName.put(level, k);
          try {
            byNumber.putIfAbsent(Double.parseDouble(level) + 0.0, k);
          } catch (NumberFormatException e) {
            // not a numeric level: matched by name only
          }
        }
      }
      levels.add(byName);
      numericLevels.add(byNumber);
    }
  }

  Parsed parse(byte[] body) {
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (JsonParseException e) {
      throw RequestException.badRequest("body is not valid JSON: " + e.getOriginalMessage() + location(e));
    } catch (JsonProcessingException e) {
      throw RequestException.badRequest("body is not valid JSON: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw RequestException.badRequest("body could not be read as JSON");
    }
    if (root == null || root.isMissingNode()) throw RequestException.badRequest("body is empty; send a JSON object (one row) or {\"rows\": [...]}");
    JsonNode array;
    boolean single = false;
    String prefix;
    if (root.isArray()) {
      array = root;
      prefix = "";
    } else if (root.isObject() && root.size() == 1 && root.has("rows") && !index.containsKey("rows")) {
      array = root.get("rows");
      if (!array.isArray()) throw RequestException.badRequest("rows: expected an array of row objects, got " + kind(array));
      prefix = "rows";
    } else if (root.isObject()) {
      single = true;
      array = MAPPER.createArrayNode().add(root);
      prefix = null;
    } else {
      throw RequestException.badRequest("body: expected a JSON object (one row), an array of rows or {\"rows\": [...]}, got " + kind(root));
    }
    if (array.isEmpty()) throw RequestException.badRequest((prefix == null || prefix.isEmpty() ? "body" : prefix) + ": no rows");
    if (array.size() > maxRows) {
      throw new RequestException(413, "too many rows: " + array.size() + " in one request, the limit is " + maxRows);
    }
    List<double[]> rows = new ArrayList<>(array.size());
    List<String> warnings = new ArrayList<>();
    int i = 0;
    for (Iterator<JsonNode> it = array.elements(); it.hasNext(); i++) {
      String where = prefix == null ? "" : prefix + "[" + i + "]";
      rows.add(row(it.next(), where, warnings));
    }
    return new Parsed(rows, single, warnings);
  }

  private double[] row(JsonNode node, String where, List<String> warnings) {
    String at = where.isEmpty() ? "" : where + ".";
    if (!node.isObject()) {
      throw RequestException.badRequest((where.isEmpty() ? "row" : where) + ": expected an object keyed by column name, got " + kind(node));
    }
    double[] row = new double[schema.size()];
    boolean[] seen = new boolean[schema.size()];
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      Integer j = index.get(e.getKey());
      if (j == null) {
        if (e.getKey().equals(target)) continue;
        throw RequestException.badRequest(at + e.getKey() + ": unknown column; the model's columns are " + columnList());
      }
      seen[j] = true;
      row[j] = value(schema.column(j), j, e.getValue(), at + e.getKey(), warnings);
    }
    for (int j = 0; j < seen.length; j++) {
      if (!seen[j]) {
        throw RequestException.badRequest(at + schema.column(j).name() + ": missing column (send null for a missing value)");
      }
    }
    return row;
  }

  private double value(Column c, int j, JsonNode v, String field, List<String> warnings) {
    if (v.isNull()) return Double.NaN;
    if (!c.isCategorical()) {
      if (!v.isNumber()) throw RequestException.badRequest(field + ": expected a number or null, got " + kind(v));
      double d = v.asDouble();
      if (!Double.isFinite(d)) throw RequestException.badRequest(field + ": number out of range: " + v.asText());
      return d;
    }
    Integer k;
    if (v.isTextual()) {
      k = levels.get(j).get(v.asText());
    } else if (v.isNumber()) {
      k = numericLevels.get(j).get(v.asDouble() + 0.0);
      if (k == null) k = levels.get(j).get(v.asText());
    } else {
      throw RequestException.badRequest(field + ": expected a level of '" + c.name() + "' (a string) or null, got " + kind(v));
    }
    if (k == null) {
      if (warnings.size() < 100) {
        warnings.add(field + ": level " + abbreviate(v.toString()) + " was not seen in training; treated as missing");
      }
      return Double.NaN;
    }
    return k;
  }

  private String columnList() {
    List<String> names = schema.names();
    StringBuilder sb = new StringBuilder();
    for (int j = 0; j < names.size() && j < 20; j++) sb.append(j == 0 ? "" : ", ").append(names.get(j));
    if (names.size() > 20) sb.append(", … (").append(names.size()).append(" in all; GET /model lists them)");
    return sb.toString();
  }

  private static String kind(JsonNode v) {
    if (v.isTextual()) return "string " + abbreviate(v.toString());
    if (v.isBoolean()) return "boolean " + v.asText();
    if (v.isNumber()) return "number " + abbreviate(v.asText());
    if (v.isArray()) return "an array";
    if (v.isObject()) return "an object";
    return v.getNodeType().name().toLowerCase();
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }

  private static String location(JsonProcessingException e) {
    return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
  }
}
