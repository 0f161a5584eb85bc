package org.stackwise.lazy.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.stackwise.BadInputException;
import org.stackwise.io.Json;

/**
 * How a cascade's situation is summarised into an MDP state. The state is always the set {@code E} of
 * members run so far, plus features of the <em>aggregate</em> of their outputs:
 * <ul>
 *   <li>{@code h}: the bin of the aggregate's normalised entropy {@code H(p)/log K} in
 *       {@code entropyBins} equal-width bins of [0, 1] ({@code entropyBins = 1} drops the feature);
 *   <li>{@code k}: the aggregate's most probable class (when {@code classInState});
 *   <li>{@code a}: whether every member run so far voted for the same class (when {@code agreementInState});
 *       an addition to the paper's state, useful when members give hard answers (LLM routing);
 *   <li>{@code v}: the bin of the <em>top vote share</em> — the share of the members run so far whose
 *       most probable class is the most voted one — in {@code voteBins} bins (when {@code voteBins >= 2}):
 *       bin {@code voteBins-1} holds "all agree" (share 1), the others split [0, 1) equally. Another
 *       addition: for hard-label (one-hot) members such as LLM answers the predicted class and the entropy
 *       of a mean of one-hot votes say little beyond the vote pattern, while they multiply the states; a
 *       state of the set plus the vote-share bin ({@link #votes}) has a handful of states per set, so a few
 *       hundred rows estimate it.
 * </ul>
 * The aggregate is the mean of the run members' distributions ({@link Aggregate#MEAN}, the default),
 * the last run member's own distribution ({@link Aggregate#LAST}; the state then also records which
 * member ran last, so that it stays Markov), or a learned MASK combiner's output ({@link Aggregate#MASK}).
 *
 * <p>Within one set {@code E} (and, for LAST, one last member) a state has a <em>fine code</em>
 * {@code ((h·K' + k)·V + v)·A + a} ({@code K'} = K with the class feature, else 1; {@code V} =
 * {@code voteBins} when at least 2, else 1; {@code A} = 2 with the agreement feature, else 1) and a
 * <em>mid code</em> {@code k} used to back off when a fine state has too few rows (the coarsest level is
 * the set alone).
 *
 * @param aggregate which aggregate the entropy and class features describe
 * @param entropyBins number of entropy bins, 1..64
 * @param classInState include the predicted class
 * @param agreementInState include the agreement flag
 * @param voteBins bins of the top vote share (0 or 1: not in the state; not with the LAST aggregate)
 */
public record StateSpec(Aggregate aggregate, int entropyBins, boolean classInState, boolean agreementInState, int voteBins) {
  /** Which distribution the state features describe. */
  public enum Aggregate {
    /** Mean of the distributions of all members run so far. */
    MEAN,
    /** Distribution of the member that ran last. */
    LAST,
    /**
     * The output of a learned MASK combiner of the members run so far (two-pass fit: a first policy on
     * the MEAN aggregate gives the prefixes the MASK combiner is trained on; the policy is then solved
     * again with that combiner's output as the aggregate, so STOP values reflect the real answer).
     */
    MASK;

    public String id() { return name().toLowerCase(); }
  }

  public StateSpec {
    if (aggregate == null) throw new BadInputException("params.aggregate", "aggregate must be mean, last or mask, got null");
    if (entropyBins < 1 || entropyBins > 64) {
      throw new BadInputException("params.entropy_bins", "entropy_bins must be between 1 and 64, got " + entropyBins);
    }
    if (voteBins < 0 || voteBins > 16) throw new BadInputException("params.vote_bins", "vote_bins must be between 0 and 16, got " + voteBins);
    if (voteBins >= 2 && aggregate == Aggregate.LAST) {
      throw new BadInputException("params.vote_bins", "vote_bins needs the mean or mask aggregate, not last");
    }
  }

  /** A state without the vote-share feature. */
  public StateSpec(Aggregate aggregate, int entropyBins, boolean classInState, boolean agreementInState) {
    this(aggregate, entropyBins, classInState, agreementInState, 0);
  }

  /** Mean aggregate, 4 entropy bins, predicted class, no agreement flag. */
  public static StateSpec defaults() {
    return new StateSpec(Aggregate.MEAN, 4, true, false);
  }

  /**
   * The coarse state for hard-label members: the set plus the top-vote-share bin ({@code bins} at least
   * 2; 2 = "all agree" or not, 3 adds "a majority agrees"), no entropy, no predicted class.
   */
  public static StateSpec votes(int bins) {
    if (bins < 2) throw new BadInputException("params.vote_bins", "the vote state needs at least 2 vote bins, got " + bins);
    return new StateSpec(Aggregate.MEAN, 1, false, false, bins);
  }

  public StateSpec withAggregate(Aggregate a) { return new StateSpec(a, entropyBins, classInState, agreementInState, voteBins); }
  public StateSpec withEntropyBins(int b) { return new StateSpec(aggregate, b, classInState, agreementInState, voteBins); }
  public StateSpec withClassInState(boolean c) { return new StateSpec(aggregate, entropyBins, c, agreementInState, voteBins); }
  public StateSpec withAgreementInState(boolean a) { return new StateSpec(aggregate, entropyBins, classInState, a, voteBins); }
  public StateSpec withVoteBins(int v) { return new StateSpec(aggregate, entropyBins, classInState, agreementInState, v); }

  /** Number of vote-share codes (1 when the feature is off). */
  private int voteCodes() {
    return voteBins >= 2 ? voteBins : 1;
  }

  /** True when the top vote share is part of the state. */
  public boolean votesInState() {
    return voteBins >= 2;
  }

  /** Number of fine codes per set (and last member) for {@code k} classes. */
  public int fineCodes(int k) {
    return entropyBins * (classInState ? k : 1) * voteCodes() * (agreementInState ? 2 : 1);
  }

  /** Number of mid codes per set for {@code k} classes. */
  public int midCodes(int k) {
    return classInState ? k : 1;
  }

  /**
   * The fine code of an aggregate distribution {@code p} (summing to 1) with agreement flag {@code agree},
   * for specs without the vote-share feature.
   */
  public int fineCode(double[] p, boolean agree) {
    if (votesInState()) throw new IllegalStateException("this state needs the top vote share: use fineCode(p, agree, share)");
    return fineCode(p, agree, 1.0);
  }

  /** The fine code of an aggregate {@code p}, agreement flag {@code agree} and top vote share {@code share}. */
  public int fineCode(double[] p, boolean agree, double share) {
    int k = p.length;
    int h = entropyBins == 1 ? 0 : entropyBin(p, entropyBins);
    int c = classInState ? argMax(p) : 0;
    int code = (h * (classInState ? k : 1) + c) * voteCodes() + (votesInState() ? voteBin(share, voteBins) : 0);
    return agreementInState ? code * 2 + (agree ? 1 : 0) : code;
  }

  /** The mid code (the class part) of a fine code. */
  public int midCode(int fine, int k) {
    int code = (agreementInState ? fine / 2 : fine) / voteCodes();
    return classInState ? code % k : 0;
  }

  /**
   * The bin of a top vote share in (0, 1]: {@code bins-1} for 1 (all agree), else
   * {@code min(bins-2, floor(share · (bins-1)))}.
   */
  public static int voteBin(double share, int bins) {
    if (share >= 1) return bins - 1;
    int b = (int) (share * (bins - 1));
    return Math.max(0, Math.min(bins - 2, b));
  }

  /** The share of the given votes that go to the most voted class ({@code count} votes, classes 0..k-1). */
  public static double topShare(int[] votes, int count, int k) {
    int[] c = new int[k];
    int top = 0;
    for (int i = 0; i < count; i++) top = Math.max(top, ++c[votes[i]]);
    return count == 0 ? 1.0 : (double) top / count;
  }

  /** The entropy bin of {@code p}: {@code min(bins-1, floor(bins · H(p)/log K))}. */
  public static int entropyBin(double[] p, int bins) {
    double h = 0;
    for (double v : p) if (v > 0) h -= v * Math.log(v);
    double e = h / Math.log(p.length);
    int b = (int) (e * bins);
    return Math.max(0, Math.min(bins - 1, b));
  }

  /** Index of the largest value; ties go to the lower index. */
  public static int argMax(double[] p) {
    int best = 0;
    for (int c = 1; c < p.length; c++) if (p[c] > p[best]) best = c;
    return best;
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("aggregate", aggregate.id());
    o.put("entropy_bins", entropyBins);
    o.put("class_in_state", classInState);
    o.put("agreement_in_state", agreementInState);
    if (voteBins != 0) o.put("vote_bins", voteBins);
    return o;
  }

  public static StateSpec fromJson(JsonNode o, String source) {
    String a = Json.text(o, "aggregate", source);
    Aggregate agg;
    if (a.equals("mean")) agg = Aggregate.MEAN;
    else if (a.equals("last")) agg = Aggregate.LAST;
    else if (a.equals("mask")) agg = Aggregate.MASK;
    else throw new BadInputException(source, "aggregate must be mean, last or mask, got '" + a + "'");
    JsonNode b = o.get("entropy_bins");
    if (b == null || !b.isInt()) throw new BadInputException(source, "entropy_bins must be an integer");
    JsonNode v = o.get("vote_bins");
    if (v != null && !v.isInt()) throw new BadInputException(source, "vote_bins must be an integer");
    return new StateSpec(agg, b.asInt(), o.path("class_in_state").asBoolean(true), o.path("agreement_in_state").asBoolean(false),
        v == null ? 0 : v.asInt());
  }
}
