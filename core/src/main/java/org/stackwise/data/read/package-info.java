/**
 * Reading table files into {@link org.stackwise.data.Dataset}s: {@link org.stackwise.data.read.TableReader}
 * (CSV/TSV, gzip, ARFF, LibSVM, IDX), configured by {@link org.stackwise.data.read.ReadOptions};
 * {@link org.stackwise.data.read.TableReader#readLike} lines new data up with a fitted model's schema
 * (columns by name, levels by name, unseen levels as missing); {@link org.stackwise.data.read.DataSplits}
 * makes train/test splits from a {@code test_rows.txt} file or a seeded fraction.
 *
 * <p>Every problem with an input file is a {@link org.stackwise.BadInputException} naming the file,
 * the line, the column and the rule broken (see {@link org.stackwise.data.read.TableReader} for what
 * "column" means in each format).
 *
 * <p>References: RFC 4180, "Common Format and MIME Type for Comma-Separated Values (CSV) Files";
 * the Weka ARFF format (University of Waikato); the LIBSVM data format (Chang and Lin, ACM TIST 2011);
 * the IDX format of the MNIST database (LeCun, Cortes and Burges); Clinger 1990, "How to read floating
 * point numbers accurately" (the exact fast path of the number parser).
 */
package org.stackwise.data.read;
