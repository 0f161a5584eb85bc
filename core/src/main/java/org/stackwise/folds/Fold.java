package org.stackwise.folds;

/** One fold: the rows it trains on and the rows it holds out (sorted, disjoint). Immutable. */
public final class Fold {
  private final int index;
  private final int[] train;
  private final int[] test;

  Fold(int index, int[] train, int[] test) {
    this.index = index;
    this.train = train.clone();
    this.test = test.clone();
  }

  public int index() { return index; }
  public int[] train() { return train.clone(); }
  public int[] test() { return test.clone(); }
  public int trainSize() { return train.length; }
  public int testSize() { return test.length; }
}
