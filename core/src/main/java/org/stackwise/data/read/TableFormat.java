package org.stackwise.data.read;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The table file formats {@link TableReader} understands, and how a format is recognised from a file
 * name when {@link ReadOptions#format()} is not given.
 */
public enum TableFormat {
  /** Delimited text (comma, semicolon or tab), RFC 4180 quoting, optionally gzip-compressed. */
  CSV,
  /** Weka's Attribute-Relation File Format, dense or sparse rows. */
  ARFF,
  /** LibSVM / SVMlight sparse text: {@code label index:value ...} with 1-based indices. */
  LIBSVM,
  /** IDX binary arrays (MNIST, Fashion-MNIST): an images file plus a labels file. */
  IDX;

  /**
   * The format implied by a file name: {@code .arff} → ARFF; {@code .libsvm}, {@code .svm} → LibSVM;
   * names containing {@code -ubyte} or {@code .idx} followed by a dimension digit → IDX; everything
   * else ({@code .csv}, {@code .tsv}, {@code .txt}, unknown) → CSV. A trailing {@code .gz} is ignored.
   */
  public static TableFormat fromFileName(Path path) {
    Path fileName = path.getFileName();
    String name = fileName == null ? "" : fileName.toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".gz")) name = name.substring(0, name.length() - 3);
    if (name.endsWith(".arff")) return ARFF;
    if (name.endsWith(".libsvm") || name.endsWith(".svm")) return LIBSVM;
    if (name.endsWith("-ubyte") || name.matches(".*[.-]idx[0-9].*")) return IDX;
    return CSV;
  }
}
