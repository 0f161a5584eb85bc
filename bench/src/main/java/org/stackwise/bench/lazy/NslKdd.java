package org.stackwise.bench.lazy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.stackwise.data.Column;
import org.stackwise.data.Dataset;
import org.stackwise.data.Schema;
import org.stackwise.data.Target;

/**
 * NSL-KDD (Tavallaee et al. 2009) as 5-class data: 41 features (protocol_type, service and flag are
 * categorical), the attack name mapped to normal / DoS / Probe / R2L / U2R with the standard mapping
 * of the NSL-KDD literature; the difficulty column is dropped. Categorical levels come from the training
 * file; a level seen only in the test file is read as missing.
 */
final class NslKdd {
  static final List<String> CLASSES = List.of("normal", "DoS", "Probe", "R2L", "U2R");
  private static final Map<String, String> ATTACK = new HashMap<>();

  static {
    for (String a : List.of("back", "land", "neptune", "pod", "smurf", "teardrop", "apache2", "mailbomb", "processtable", "udpstorm")) {
      ATTACK.put(a, "DoS");
    }
    for (String a : List.of("ipsweep", "nmap", "portsweep", "satan", "mscan", "saint")) ATTACK.put(a, "Probe");
    for (String a : List.of("ftp_write", "guess_passwd", "imap", "multihop", "phf", "spy", "warezclient", "warezmaster",
        "sendmail", "named", "snmpgetattack", "snmpguess", "xlock", "xsnoop", "worm")) {
      ATTACK.put(a, "R2L");
    }
    for (String a : List.of("buffer_overflow", "loadmodule", "perl", "rootkit", "httptunnel", "ps", "sqlattack", "xterm")) {
      ATTACK.put(a, "U2R");
    }
    ATTACK.put("normal", "normal");
  }

  private static final int FEATURES = 41;
  private static final int[] CATEGORICAL = {1, 2, 3};

  private NslKdd() { }

  /** Reads the training and test files with one schema (levels from the training file). */
  static Dataset[] read(Path train, Path test) throws IOException {
    List<String[]> tr = lines(train);
    List<String[]> te = lines(test);
    Map<Integer, List<String>> levels = new LinkedHashMap<>();
    for (int c : CATEGORICAL) {
      TreeSet<String> s = new TreeSet<>();
      for (String[] r : tr) s.add(r[c]);
      levels.put(c, new ArrayList<>(s));
    }
    List<Column> cols = new ArrayList<>();
    for (int j = 0; j < FEATURES; j++) {
      cols.add(levels.containsKey(j) ? Column.categorical("f" + (j + 1), levels.get(j)) : Column.numeric("f" + (j + 1)));
    }
    Schema schema = Schema.of(cols);
    return new Dataset[] {dataset(schema, tr, levels, train), dataset(schema, te, levels, test)};
  }

  private static List<String[]> lines(Path p) throws IOException {
    List<String[]> out = new ArrayList<>();
    for (String line : Files.readAllLines(p)) {
      if (line.isBlank()) continue;
      String[] f = line.split(",");
      if (f.length < FEATURES + 1) throw new IOException(p + ": expected at least " + (FEATURES + 1) + " fields, got " + f.length);
      out.add(f);
    }
    return out;
  }

  private static Dataset dataset(Schema schema, List<String[]> rows, Map<Integer, List<String>> levels, Path source) {
    double[][] x = new double[rows.size()][FEATURES];
    int[] y = new int[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      String[] f = rows.get(i);
      for (int j = 0; j < FEATURES; j++) {
        List<String> lv = levels.get(j);
        if (lv != null) {
          int idx = lv.indexOf(f[j]);
          x[i][j] = idx < 0 ? Double.NaN : idx;
        } else {
          x[i][j] = Double.parseDouble(f[j]);
        }
      }
      String cls = ATTACK.get(f[FEATURES]);
      if (cls == null) throw new IllegalArgumentException(source + ", line " + (i + 1) + ": unknown attack '" + f[FEATURES] + "'");
      y[i] = CLASSES.indexOf(cls);
    }
    return Dataset.of(schema, x, new Target.Classes("class", CLASSES, y));
  }
}
