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
 *       an addition to the paper's state, useful when members give hard answers (LLM routing).
 * </ul>
 * The aggregate is the mean of the run members' distributions ({@link Aggregate#MEAN}, the default),
 * the last run member's own distribution ({@link Aggregate#LAST}; the state then also records which
 * member ran last, so that it stays Markov), or a learned MASK combiner's output ({@link Aggregate#MASK}).
 *
 * <p>Within one set {@code E} (and, for LAST, one last member) a state has a <em>fine code</em>
 * {@code (h·K' + k)·A + a} ({@code K'} = K with the class feature, else 1; {@code A} = 2 with the
 * agreement feature, else 1) and a <em>mid code</em> {@code k} used to back off when a fine state has
 * too few rows (the coarsest level is the set alone).
 *
 * @param aggregate which aggregate the entropy and class features describe
 * @param entropyBins number of entropy bins, 1..64
 * @param classInState include the predicted class
 * @param agreementInState include the agreement flag
 */
public record StateSpec(Aggregate aggregate, int entropyBins, boolean classInState, boolean agreementInState) {
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
  }

  /** Mean aggregate, 4 entropy bins, predicted class, no agreement flag. */
  public static StateSpec defaults() {
    return new StateSpec(Aggregate.MEAN, 4, true, false);
  }

  public StateSpec withAggregate(Aggregate a) { return new StateSpec(a, entropyBins, classInState, agreementInState); }
  public StateSpec withEntropyBins(int b) { return new StateSpec(aggregate, b, classInState, agreementInState); }
  public StateSpec withClassInState(boolean c) { return new StateSpec(aggregate, entropyBins, c, agreementInState); }
  public StateSpec withAgreementInState(boolean a) { return new StateSpec(aggregate, entropyBins, classInState, a); }

  /** Number of fine codes per set (and last member) for {@code k} classes. */
  public int fineCodes(int k) {
    return entropyBins * (classInState ? k : 1) * (agreementInState ? 2 : 1);
  }

  /** Number of mid codes per set for {@code k} classes. */
  public int midCodes(int k) {
    return classInState ? k : 1;
  }

  /** The fine code of an aggregate distribution {@code p} (summing to 1) with agreement flag {@code agree}. */
  public int fineCode(double[] p, boolean agree) {
    int k = p.length;
    int h = entropyBins == 1 ? 0 : entropyBin(p, entropyBins);
    int c = classInState ? argMax(p) : 0;
    int code = h * (classInState ? k : 1) + c;
    return agreementInState ? code * 2 + (agree ? 1 : 0) : code;
  }

  /** The mid code (the class part) of a fine code. */
  public int midCode(int fine, int k) {
    int code = agreementInState ? fine / 2 : fine;
    return classInState ? code % k : 0;
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
    return new StateSpec(agg, b.asInt(), o.path("class_in_state").asBoolean(true), o.path("agreement_in_state").asBoolean(false));
  }
}
