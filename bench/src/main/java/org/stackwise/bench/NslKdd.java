package org.stackwise.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stackwise.data.Dataset;
import org.stackwise.data.Target;
import org.stackwise.data.read.DataSplits;
import org.stackwise.data.read.ReadOptions;
import org.stackwise.data.read.TableReader;

/**
 * NSL-KDD (Tavallaee et al., "A detailed analysis of the KDD CUP 99 data set", CISDA 2009) with its
 * official split: train {@code KDDTrain+_20Percent.txt}, test {@code KDDTest+.txt}. The files have no
 * header and 43 columns: 41 features (columns 2–4, {@code protocol_type}, {@code service} and
 * {@code flag}, are categorical), column 42 the attack name and column 43 a difficulty score, which
 * is not a feature and is dropped. The attack name is mapped to the five standard classes.
 *
 * <p>The files are read from the shared data folder and never copied into the repository.
 */
final class NslKdd {
  /** The five classes, in this order. */
  static final List<String> CLASSES = List.of("normal", "DoS", "Probe", "R2L", "U2R");

  /**
   * The standard attack → category mapping of the NSL-KDD literature (the KDD Cup 99 attack taxonomy
   * of the DARPA 1998/1999 evaluations, as tabulated e.g. by Dhanabal &amp; Shantharajah, "A study on
   * NSL-KDD dataset for intrusion detection system based on classification algorithms", IJARCCE 2015).
   * The test set holds 17 attacks that never occur in training (apache2, mailbomb, mscan, ...); they
   * are mapped by the same table. Sources disagree on two rare test-only attacks: {@code httptunnel}
   * (133 test rows) is R2L here (some papers say U2R) and {@code worm} (2 rows) is DoS here (some say R2L).
   */
  static final Map<String, String> ATTACK_CATEGORY = new LinkedHashMap<>();

  static {
    put("normal", "normal");
    put("DoS", "back", "land", "neptune", "pod", "smurf", "teardrop",
        "apache2", "mailbomb", "processtable", "udpstorm", "worm");
    put("Probe", "ipsweep", "nmap", "portsweep", "satan", "mscan", "saint");
    put("R2L", "ftp_write", "guess_passwd", "imap", "multihop", "phf", "spy", "warezclient", "warezmaster",
        "httptunnel", "named", "sendmail", "snmpgetattack", "snmpguess", "xlock", "xsnoop");
    put("U2R", "buffer_overflow", "loadmodule", "perl", "rootkit", "ps", "sqlattack", "xterm");
  }

  private static void put(String category, String... attacks) {
    for (String a : attacks) {
      if (ATTACK_CATEGORY.put(a, category) != null) throw new IllegalStateException("attack listed twice: " + a);
    }
  }

  private NslKdd() { }

  /** Reads the official split; attack names become the five categories. */
  static DataSplits.Split load(Path folder) {
    // no header: columns are c1..c43; c42 = attack name (the target before mapping), c43 = difficulty
    ReadOptions options = ReadOptions.defaults().withHeader(false).withTarget("c42").withDrop("c43")
        .withTargetIsNumeric(false);
    Dataset train = TableReader.read(folder.resolve("KDDTrain+_20Percent.txt"), options);
    // test rows are matched to the training schema by name; a service level unseen in training is missing
    List<String> attacks = new ArrayList<>(ATTACK_CATEGORY.keySet());
    Dataset test = TableReader.readLike(folder.resolve("KDDTest+.txt"), options, train.schema(), attacks);
    Dataset tr = toCategories(train);
    Dataset te = toCategories(test);
    return new DataSplits.Split(tr, te, range(0, tr.rows()), range(0, te.rows()));
  }

  private static Dataset toCategories(Dataset d) {
    Target.Classes names = d.classes();
    int[] y = new int[d.rows()];
    for (int i = 0; i < y.length; i++) {
      String attack = names.classes().get(names.get(i));
      String category = ATTACK_CATEGORY.get(attack);
      if (category == null) throw new IllegalStateException("attack '" + attack + "' has no category in NslKdd.ATTACK_CATEGORY");
      y[i] = CLASSES.indexOf(category);
    }
    return d.withTarget(new Target.Classes("category", CLASSES, y));
  }

  private static int[] range(int from, int to) {
    int[] r = new int[to - from];
    for (int i = 0; i < r.length; i++) r[i] = from + i;
    return r;
  }
}
