package org.stackwise.learners.trees;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.stackwise.Task;
import org.stackwise.data.Dataset;

/**
 * A seeded train/validation split for early stopping: stratified by class for classification (each
 * class keeps about {@code fraction} of its rows for validation), a plain shuffle for regression. Both
 * parts keep at least one row.
 */
final class Holdout {
  final int[] train;
  final int[] validation;

  private Holdout(int[] train, int[] validation) {
    this.train = train;
    this.validation = validation;
  }

  static Holdout of(Dataset data, double fraction, SplittableRandom random) {
    int n = data.rows();
    List<int[]> groups = new ArrayList<>();
    if (data.task() == Task.CLASSIFICATION) {
      int k = data.classes().numClasses();
      int[] counts = data.classes().counts();
      int[][] byClass = new int[k][];
      for (int c = 0; c < k; c++) byClass[c] = new int[counts[c]];
      int[] fill = new int[k];
      for (int i = 0; i < n; i++) {
        int c = data.classes().get(i);
        byClass[c][fill[c]++] = i;
      }
      for (int[] g : byClass) groups.add(g);
    } else {
      int[] all = new int[n];
      for (int i = 0; i < n; i++) all[i] = i;
      groups.add(all);
    }
    boolean[] valid = new boolean[n];
    int nv = 0;
    for (int[] g : groups) {
      shuffle(g, random);
      int take = (int) Math.round(fraction * g.length);
      for (int i = 0; i < take; i++) valid[g[i]] = true;
      nv += take;
    }
    if (nv == 0 && n >= 2) {
      valid[random.nextInt(n)] = true;
      nv = 1;
    }
    if (nv == n) { // keep one training row
      valid[0] = false;
      nv--;
    }
    int[] tr = new int[n - nv];
    int[] va = new int[nv];
    int a = 0;
    int b = 0;
    for (int i = 0; i < n; i++) {
      if (valid[i]) va[b++] = i;
      else tr[a++] = i;
    }
    return new Holdout(tr, va);
  }

  private static void shuffle(int[] a, SplittableRandom r) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
