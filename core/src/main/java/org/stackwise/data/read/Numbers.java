package org.stackwise.data.read;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Number syntax shared by the readers: strict decimal parsing straight from bytes, recognition of
 * non-finite words, a canonical text for numeric class labels, and the natural order of levels.
 */
final class Numbers {
  private Numbers() { }

  private static final double[] POW10 = new double[23];

  static {
    double p = 1;
    for (int i = 0; i < POW10.length; i++) {
      POW10[i] = p;
      p *= 10;
    }
  }

  /**
   * Parses {@code [+-]digits[.digits][(e|E)[+-]digits]} (digits may be absent on one side of the
   * point). Returns NaN when the bytes are not such a number, so NaN means "text" to callers; an
   * out-of-range exponent gives ±Infinity or ±0 like {@link Double#parseDouble}.
   *
   * <p>Why not {@link Double#parseDouble} alone: it needs a String per cell and accepts Java syntax
   * ({@code 1d}, hex floats, surrounding spaces) that is not a number in a data file. The fast path is
   * exact: with at most 15 significant digits and a power of ten up to 10^22 both operands are exact
   * doubles, so one IEEE division or multiplication is correctly rounded (Clinger 1990, "How to read
   * floating point numbers accurately"). Everything else goes to {@code Double.parseDouble}.
   */
  static double parse(byte[] b, int off, int len) {
    int i = off;
    int end = off + len;
    if (i >= end) return Double.NaN;
    boolean neg = false;
    byte c = b[i];
    if (c == '-' || c == '+') {
      neg = c == '-';
      i++;
    }
    long mant = 0;
    int digits = 0;
    int exp10 = 0;
    boolean any = false;
    boolean dropped = false;
    while (i < end && (c = b[i]) >= '0' && c <= '9') {
      any = true;
      if (mant != 0 || c != '0') {
        if (digits < 18) {
          mant = mant * 10 + (c - '0');
          digits++;
        } else {
          exp10++;
          dropped = true;
        }
      }
      i++;
    }
    if (i < end && b[i] == '.') {
      i++;
      while (i < end && (c = b[i]) >= '0' && c <= '9') {
        any = true;
        if (mant == 0 && c == '0') {
          exp10--;
        } else if (digits < 18) {
          mant = mant * 10 + (c - '0');
          digits++;
          exp10--;
        } else {
          dropped = true;
        }
        i++;
      }
    }
    if (!any) return Double.NaN;
    if (i < end && (b[i] == 'e' || b[i] == 'E')) {
      i++;
      boolean eneg = false;
      if (i < end && (b[i] == '-' || b[i] == '+')) {
        eneg = b[i] == '-';
        i++;
      }
      int e = 0;
      boolean edigit = false;
      while (i < end && (c = b[i]) >= '0' && c <= '9') {
        edigit = true;
        if (e < 100_000) e = e * 10 + (c - '0');
        i++;
      }
      if (!edigit) return Double.NaN;
      exp10 += eneg ? -e : e;
    }
    if (i != end) return Double.NaN;
    if (mant == 0) return neg ? -0.0 : 0.0;
    if (!dropped && digits <= 15 && exp10 >= -22 && exp10 <= 22) {
      double d = mant;
      d = exp10 < 0 ? d / POW10[-exp10] : d * POW10[exp10];
      return neg ? -d : d;
    }
    return Double.parseDouble(new String(b, off, len, StandardCharsets.ISO_8859_1));
  }

  /** {@link #parse(byte[], int, int)} for a string (non-ASCII text is never a number). */
  static double parse(String s) {
    byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
    return parse(b, 0, b.length);
  }

  /** True for {@code [+-]}{@code inf}, {@code infinity} or {@code nan}, in any letter case. */
  static boolean isNonFiniteWord(byte[] b, int off, int len) {
    if (len > 0 && (b[off] == '+' || b[off] == '-')) {
      off++;
      len--;
    }
    return equalsIgnoreCase(b, off, len, "inf") || equalsIgnoreCase(b, off, len, "infinity")
        || equalsIgnoreCase(b, off, len, "nan");
  }

  static boolean isNonFiniteWord(String s) {
    byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
    return isNonFiniteWord(b, 0, b.length);
  }

  private static boolean equalsIgnoreCase(byte[] b, int off, int len, String word) {
    if (len != word.length()) return false;
    for (int i = 0; i < len; i++) {
      int c = b[off + i];
      if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
      if (c != word.charAt(i)) return false;
    }
    return true;
  }

  /** Canonical text of a numeric label: integers without a decimal point ("3", "-1"), else Java's shortest form. */
  static String format(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
    return Double.toString(v);
  }

  /** True when the value is an integer (as a double). */
  static boolean isIntegral(double v) {
    return v == Math.rint(v) && !Double.isInfinite(v);
  }

  /**
   * The natural order of level names: names that are numbers come first, by numeric value (ties by
   * text); all other names follow in lexicographic order of their UTF-16 code units
   * ({@link String#compareTo}). So {@code 2 < 10 < "abc" < "b"}.
   */
  static final Comparator<String> NATURAL_ORDER = (a, b) -> {
    double x = parse(a);
    double y = parse(b);
    boolean na = !Double.isNaN(x);
    boolean nb = !Double.isNaN(y);
    if (na && nb) {
      int c = Double.compare(x, y);
      return c != 0 ? c : a.compareTo(b);
    }
    if (na) return -1;
    if (nb) return 1;
    return a.compareTo(b);
  };

  /**
   * The permutation that sorts {@code levels} in {@link #NATURAL_ORDER}: {@code result[old] = new index}.
   */
  static int[] naturalRank(List<String> levels) {
    Integer[] order = new Integer[levels.size()];
    for (int i = 0; i < order.length; i++) order[i] = i;
    // Parse each level once instead of in every comparison.
    double[] num = new double[order.length];
    for (int i = 0; i < num.length; i++) num[i] = parse(levels.get(i));
    Arrays.sort(order, (p, q) -> {
      boolean np = !Double.isNaN(num[p]);
      boolean nq = !Double.isNaN(num[q]);
      if (np && nq) {
        int c = Double.compare(num[p], num[q]);
        return c != 0 ? c : levels.get(p).compareTo(levels.get(q));
      }
      if (np) return -1;
      if (nq) return 1;
      return levels.get(p).compareTo(levels.get(q));
    });
    int[] rank = new int[order.length];
    for (int i = 0; i < order.length; i++) rank[order[i]] = i;
    return rank;
  }

  /** {@code levels} reordered by {@code rank} from {@link #naturalRank}. */
  static List<String> reorder(List<String> levels, int[] rank) {
    String[] out = new String[levels.size()];
    for (int i = 0; i < out.length; i++) out[rank[i]] = levels.get(i);
    return new ArrayList<>(Arrays.asList(out));
  }
}
