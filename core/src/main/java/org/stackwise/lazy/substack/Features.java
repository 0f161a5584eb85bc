package org.stackwise.lazy.substack;

import org.stackwise.BadInputException;

/**
 * How member distributions become substacker inputs: the probabilities themselves, or their logs
 * (clipped at {@link #LOG_FLOOR}), which spread out confident outputs the way stacking on logits does.
 */
public enum Features {
  /** Probabilities as given. */
  PROBA,
  /** {@code log(max(p, 1e-6))}. */
  LOG;

  /** Smallest probability before the log. */
  public static final double LOG_FLOOR = 1e-6;

  public String id() { return name().toLowerCase(); }

  /** Writes the features of distribution {@code p} into {@code dst} at {@code off}. */
  public void write(double[] p, double[] dst, int off) {
    if (this == PROBA) {
      System.arraycopy(p, 0, dst, off, p.length);
    } else {
      for (int c = 0; c < p.length; c++) dst[off + c] = Math.log(Math.max(p[c], LOG_FLOOR));
    }
  }

  public static Features parse(String s, String source) {
    for (Features f : values()) if (f.id().equals(s)) return f;
    throw new BadInputException(source, "features must be proba or log, got '" + s + "'");
  }
}
