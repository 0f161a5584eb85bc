package org.stackwise.internal.linalg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.stackwise.data.Dataset;
import org.stackwise.data.FittedPreprocessing;
import org.stackwise.io.Json;
import org.stackwise.io.ModelReader;

/** Dense-matrix plumbing shared by the built-in learners: design matrices and their JSON form. */
public final class Matrices {
  private Matrices() { }

  /** The preprocessed rows of {@code data} as one row-major array of {@code rows × pre.width()}. */
  public static double[] transform(FittedPreprocessing pre, Dataset data) {
    int d = pre.width();
    int n = data.rows();
    double[] out = new double[Math.multiplyExact(n, d)];
    double[] raw = new double[data.columns()];
    double[] row = new double[d];
    for (int i = 0; i < n; i++) {
      data.copyRow(i, raw);
      pre.transform(raw, row);
      System.arraycopy(row, 0, out, i * d, d);
    }
    return out;
  }

  /** A matrix as a JSON array of row arrays. */
  public static ArrayNode toJson(double[][] m) {
    ArrayNode a = Json.array();
    for (double[] row : m) a.add(Json.doublesToJson(row));
    return a;
  }

  /**
   * Reads a {@code rows × cols} matrix written by {@link #toJson}; wrong shapes or non-finite values
   * are reported as a corrupt {@code entry}.
   */
  public static double[][] matrix(JsonNode node, int rows, int cols, ModelReader in, String entry, String field) {
    if (node == null || !node.isArray() || node.size() != rows) {
      throw in.corrupt(entry, "'" + field + "' must be an array of " + rows + " rows");
    }
    double[][] m = new double[rows][];
    for (int r = 0; r < rows; r++) m[r] = vector(node.get(r), cols, in, entry, field + "[" + r + "]");
    return m;
  }

  /** Reads a vector of {@code length} finite numbers ({@code length < 0}: any length). */
  public static double[] vector(JsonNode node, int length, ModelReader in, String entry, String field) {
    if (node == null || !node.isArray() || (length >= 0 && node.size() != length)) {
      throw in.corrupt(entry, "'" + field + "' must be an array of " + (length >= 0 ? length + " " : "") + "numbers");
    }
    double[] v = new double[node.size()];
    for (int i = 0; i < v.length; i++) {
      JsonNode e = node.get(i);
      if (!e.isNumber() || !Double.isFinite(e.asDouble())) {
        throw in.corrupt(entry, "'" + field + "' element " + i + " must be a finite number");
      }
      v[i] = e.asDouble();
    }
    return v;
  }

  /** A required finite number field. */
  public static double number(JsonNode obj, String field, ModelReader in, String entry) {
    JsonNode v = obj == null ? null : obj.get(field);
    if (v == null || !v.isNumber() || !Double.isFinite(v.asDouble())) {
      throw in.corrupt(entry, "'" + field + "' must be a finite number");
    }
    return v.asDouble();
  }

  /** A required integer field within [min, max]. */
  public static int integer(JsonNode obj, String field, int min, int max, ModelReader in, String entry) {
    JsonNode v = obj == null ? null : obj.get(field);
    if (v == null || !v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < min || v.asInt() > max) {
      throw in.corrupt(entry, "'" + field + "' must be an integer between " + min + " and " + max);
    }
    return v.asInt();
  }

  /** Dot product of {@code a[aOff .. aOff+n)} and {@code b[bOff .. bOff+n)}, summed in index order. */
  public static double dot(double[] a, int aOff, double[] b, int bOff, int n) {
    double s = 0;
    for (int j = 0; j < n; j++) s += a[aOff + j] * b[bOff + j];
    return s;
  }
}
