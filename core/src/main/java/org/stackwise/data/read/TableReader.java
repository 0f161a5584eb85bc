package org.stackwise.data.read;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.stackwise.BadInputException;
import org.stackwise.data.Dataset;
import org.stackwise.data.Schema;
import org.stackwise.data.Target;

/**
 * Reads table files into {@link Dataset}s: CSV (and TSV, gzip-compressed or not), ARFF, LibSVM and
 * IDX. The format comes from {@link ReadOptions#format()} or else from the file name
 * ({@link TableFormat#fromFileName}).
 *
 * <h2>Types</h2>
 * CSV: a column whose non-missing values all parse as finite decimal numbers is numeric; any other
 * value makes it categorical, with levels in natural order (number-looking levels first by value,
 * then the others lexicographically by UTF-16 code unit: {@code 2 < 10 < "a" < "b"}). Class targets
 * are ordered the same way, so numeric-looking labels sort numerically. ARFF: declared types;
 * nominal levels and classes keep their declared order (a declared class without rows is left out).
 * LibSVM: all numeric, columns {@code f1..fP}, target {@code label}. IDX: pixels {@code px1..pxN},
 * target {@code label}. LibSVM and IDX labels are part of the format, so they always become the
 * target (an IDX images file without a labels file next to it reads as unlabeled data).
 * When the target type is not given, see {@link ReadOptions#targetIsNumeric()}.
 *
 * <h2>Errors</h2>
 * Bad input always raises {@link BadInputException} with the file name, the physical line (1-based;
 * a quoted newline in CSV starts a new line), a column and the rule broken. The column is the 1-based
 * <em>field index</em> for CSV and for ARFF data values, the 1-based token index for LibSVM (the
 * label is token 1), and the 1-based <em>character position</em> for ARFF header lines and syntax
 * errors inside a line (quotes, braces); 0 when it does not apply. Checked: empty file, header
 * without data, ragged rows, unterminated quotes, unknown target or drop columns, duplicate column
 * names, missing target values, a class target with a single class, non-finite values such as
 * {@code inf} (missing tokens are fine), invalid UTF-8 or NUL bytes (binary files), truncated gzip
 * data, bad IDX magic numbers and counts, unsupported ARFF attribute types.
 *
 * <p>Performance: CSV is parsed in one streaming pass over the bytes, numbers straight from bytes
 * without a String per cell (a second pass runs only for columns that mix numbers and texts).
 */
public final class TableReader {
  private TableReader() { }

  /** Column-name prefix of IDX pixels ({@code px1..pxN}). */
  public static final String PIXEL_PREFIX = "px";
  /** Name of the label column of LibSVM and IDX data. */
  public static final String LABEL = LibSvmReader.LABEL;

  private static final int CSV_MAX_INFERRED_CLASSES = 20;
  private static final int LABEL_MAX_INFERRED_CLASSES = 100;

  /** Reads {@code path} with {@link ReadOptions#defaults()} (unlabeled unless the format has labels). */
  public static Dataset read(Path path) {
    return read(path, ReadOptions.defaults());
  }

  /** Reads {@code path}; see the class comment for formats, types and errors. */
  public static Dataset read(Path path, ReadOptions options) {
    return switch (format(path, options)) {
      case CSV -> TableAssembler.assemble(CsvReader.read(path, options), options, CSV_MAX_INFERRED_CLASSES);
      case ARFF -> TableAssembler.assemble(ArffReader.read(path), options, TableAssembler.FOLLOW_DECLARED_TYPE);
      case LIBSVM -> TableAssembler.assemble(LibSvmReader.read(path, -1), labelTarget(options), LABEL_MAX_INFERRED_CLASSES);
      case IDX -> readIdx(path, options);
    };
  }

  /**
   * Reads an IDX images file and its labels file (gzip or plain) into pixels {@code px1..pxN} and the
   * class target {@code label}. {@code labels} may be null for unlabeled images.
   */
  public static Dataset readIdx(Path images, Path labels) {
    return readIdx(images, labels, ReadOptions.defaults());
  }

  /**
   * Reads data to predict with, or to evaluate, an already fitted model: columns are matched to
   * {@code schema} by name, categorical values to the model's levels by name (an unseen level becomes
   * NaN, i.e. missing), and the target, when {@code options.target()} names a column present in the
   * file, to {@code classes} (null for a regressor). LibSVM and IDX data, which have no column names,
   * are matched by position when the model's columns are named {@code f1..fP} or {@code px1..pxN}.
   * The result has exactly the model's schema.
   */
  public static Dataset readLike(Path path, ReadOptions options, Schema schema, List<String> classes) {
    return switch (format(path, options)) {
      case CSV -> SchemaAlignment.align(CsvReader.read(path, options), options, schema, classes);
      case ARFF -> SchemaAlignment.align(ArffReader.read(path), options, schema, classes);
      case LIBSVM -> {
        requirePositionalNames(path, schema, "f", "LibSVM");
        yield SchemaAlignment.align(LibSvmReader.read(path, schema.size()), labelTarget(options), schema, classes);
      }
      case IDX -> {
        requirePositionalNames(path, schema, PIXEL_PREFIX, "IDX");
        IdxReader.IdxArray x = IdxReader.read(path, false);
        if (x.width() != schema.size()) {
          throw new BadInputException(InputFiles.name(path), "the images have " + x.width()
              + " pixels but the model expects " + schema.size());
        }
        Path labels = options.target() == null || options.target().equals(LABEL) ? siblingLabels(path) : null;
        Target t = labels == null ? null : likeLabels(labels, readLabels(path, labels, x.rows()), classes);
        yield Dataset.ofRowMajor(schema, x.rows(), x.values(), t);
      }
    };
  }

  private static TableFormat format(Path path, ReadOptions options) {
    return options.format() != null ? options.format() : TableFormat.fromFileName(path);
  }

  private static ReadOptions labelTarget(ReadOptions options) {
    return options.target() == null ? options.withTarget(LABEL) : options;
  }

  private static void requirePositionalNames(Path path, Schema schema, String prefix, String format) {
    for (int j = 0; j < schema.size(); j++) {
      if (!schema.column(j).name().equals(prefix + (j + 1)) || schema.column(j).isCategorical()) {
        throw new BadInputException(InputFiles.name(path), format + " data has no column names, so it can only be"
            + " matched by position to a model whose columns are numeric and named " + prefix + "1.." + prefix
            + schema.size() + "; this model's column " + (j + 1) + " is '" + schema.column(j).name() + "'");
      }
    }
  }

  /** IDX labels mapped to a fitted model's classes (null: a regressor, labels as numbers). */
  private static Target likeLabels(Path labels, double[] y, List<String> classes) {
    if (classes == null) return new Target.Numeric(LABEL, y);
    SchemaAlignment.LevelIndex index = new SchemaAlignment.LevelIndex(classes);
    int[] out = new int[y.length];
    for (int i = 0; i < y.length; i++) {
      out[i] = index.find(y[i]);
      if (out[i] < 0) {
        throw new BadInputException(InputFiles.name(labels), "label '" + Numbers.format(y[i]) + "' of item " + (i + 1)
            + " is not one of the model's classes " + ArffReader.abbreviate(classes.toString()));
      }
    }
    return new Target.Classes(LABEL, classes, out);
  }

  private static double[] readLabels(Path images, Path labels, int rows) {
    IdxReader.IdxArray y = IdxReader.read(labels, true);
    if (y.rows() != rows) {
      throw new BadInputException(InputFiles.name(labels), "the labels file has " + y.rows()
          + " labels but the images file " + InputFiles.name(images) + " has " + rows + " images");
    }
    return y.values();
  }

  private static Dataset readIdx(Path images, ReadOptions options) {
    String source = InputFiles.name(images);
    if (options.target() != null && !options.target().equals(LABEL)) {
      throw new BadInputException(source, "unknown target column '" + options.target()
          + "'; IDX data has its labels in column '" + LABEL + "'");
    }
    Path labels = siblingLabels(images);
    if (labels == null && options.target() != null) {
      throw new BadInputException(source, "no labels file found next to the images file (tried "
          + String.join(", ", labelCandidates(images)) + ")");
    }
    return readIdx(images, labels, options);
  }

  private static Dataset readIdx(Path images, Path labels, ReadOptions options) {
    IdxReader.IdxArray x = IdxReader.read(images, false);
    Target target = null;
    if (labels != null) {
      RawColumn column = RawColumn.numeric(LABEL, 1, readLabels(images, labels, x.rows()), true);
      RawTable table = new RawTable(InputFiles.name(labels), List.of(column), x.rows(), new long[x.rows()], 0);
      target = TableAssembler.target(table, column, options.targetIsNumeric(), LABEL_MAX_INFERRED_CLASSES);
    }
    Dataset d = Dataset.ofRowMajor(Schema.numeric(PIXEL_PREFIX, x.width()), x.rows(), x.values(), target);
    return TableAssembler.dropColumns(d, options.drop(), InputFiles.name(images));
  }

  /** The labels file next to an images file ({@code train-images-idx3-ubyte.gz} → {@code train-labels-idx1-ubyte.gz}), or null. */
  static Path siblingLabels(Path images) {
    for (String name : labelCandidates(images)) {
      Path p = images.resolveSibling(name);
      if (Files.isRegularFile(p)) return p;
    }
    return null;
  }

  private static List<String> labelCandidates(Path images) {
    Path fileName = images.getFileName();
    String name = fileName == null ? "" : fileName.toString();
    List<String> out = new ArrayList<>();
    if (!name.contains("images")) return out;
    String base = name.replace("images", "labels").replace("idx3", "idx1");
    out.add(base);
    out.add(base.endsWith(".gz") ? base.substring(0, base.length() - 3) : base + ".gz");
    return out;
  }
}
