package org.stackwise.lazy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import org.stackwise.BadInputException;
import org.stackwise.io.Json;

/**
 * What running each member costs, in one named unit ({@code "ms"}, {@code "usd"}, {@code "flops"}).
 *
 * <p>A cost model holds one mean cost per member. When costs vary per row (LLM calls priced by
 * tokens), the per-row costs live in the {@link OutputTable} and the model holds their means
 * ({@link #perRow}); lazy stacking then uses the row's own cost wherever it has it (fitting,
 * evaluation, a {@link MemberInvoker} that reports the cost of a call) and the mean otherwise.
 *
 * <p>{@link #source()} says where the numbers came from ({@code "log"}, {@code "measured"},
 * {@code "given"}), and {@link #machine()} describes the machine for measured costs. Immutable.
 */
public final class CostModel {
  private final List<String> members;
  private final double[] mean;
  private final String unit;
  private final boolean perRow;
  private final String source;
  private final String machine;

  private CostModel(List<String> members, double[] mean, String unit, boolean perRow, String source, String machine) {
    this.members = List.copyOf(members);
    this.mean = mean.clone();
    this.unit = Objects.requireNonNull(unit, "unit");
    this.perRow = perRow;
    this.source = Objects.requireNonNull(source, "source");
    this.machine = machine;
    if (this.mean.length != this.members.size()) {
      throw new IllegalArgumentException(members.size() + " members but " + mean.length + " costs");
    }
    for (int j = 0; j < this.mean.length; j++) OutputTable.checkCost("cost of member '" + members.get(j) + "'", this.mean[j]);
    if (unit.isBlank()) throw new BadInputException("costs.unit", "the cost unit must not be blank");
  }

  /** One fixed cost per member (given by the user or measured). */
  public static CostModel perMember(List<String> members, double[] costs, String unit) {
    return new CostModel(members, costs, unit, false, "given", null);
  }

  /** The per-member means of a table whose costs may vary per row. */
  public static CostModel perRow(OutputTable table) {
    double[] mu = new double[table.memberCount()];
    boolean varies = false;
    for (int j = 0; j < mu.length; j++) {
      mu[j] = table.meanCost(j);
      for (int i = 1; i < table.rows() && !varies; i++) varies = table.cost(i, j) != table.cost(0, j);
    }
    return new CostModel(table.members(), mu, table.costUnit(), varies, "log", null);
  }

  /** The same costs with a source label and a machine description (for measured costs). */
  public CostModel withSource(String newSource, String machineDescription) {
    return new CostModel(members, mean, unit, perRow, newSource, machineDescription);
  }

  public List<String> members() { return members; }
  public String unit() { return unit; }

  /** Mean cost of member {@code j}. */
  public double mean(int j) { return mean[j]; }

  /** All mean costs (copy). */
  public double[] means() { return mean.clone(); }

  /** Cost of running every member. */
  public double total() {
    double s = 0;
    for (double c : mean) s += c;
    return s;
  }

  /** True when the underlying costs vary from row to row. */
  public boolean perRowCosts() { return perRow; }

  /** Where the costs came from: {@code "log"}, {@code "measured"} or {@code "given"}. */
  public String source() { return source; }

  /** The machine the costs were measured on, or null. */
  public String machine() { return machine; }

  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("unit", unit);
    o.put("per_row", perRow);
    o.put("source", source);
    if (machine != null) o.put("machine", machine);
    ObjectNode c = o.putObject("mean");
    for (int j = 0; j < mean.length; j++) c.put(members.get(j), mean[j]);
    o.set("members", Json.stringsToJson(members));
    return o;
  }

  public static CostModel fromJson(JsonNode o, String source) {
    if (o == null || !o.isObject()) throw new BadInputException(source, "cost model must be a JSON object");
    List<String> names = Json.strings(o.get("members"), source + " cost_model.members");
    double[] mu = new double[names.size()];
    JsonNode c = o.path("mean");
    for (int j = 0; j < mu.length; j++) {
      JsonNode v = c.get(names.get(j));
      if (v == null || !v.isNumber()) throw new BadInputException(source, "cost_model.mean has no number for member '" + names.get(j) + "'");
      mu[j] = v.asDouble();
    }
    JsonNode machine = o.get("machine");
    return new CostModel(names, mu, Json.text(o, "unit", source), o.path("per_row").asBoolean(false),
        o.path("source").asText("given"), machine == null || machine.isNull() ? null : machine.asText());
  }

  @Override public String toString() {
    StringBuilder sb = new StringBuilder("CostModel[").append(unit).append(", ").append(source);
    for (int j = 0; j < mean.length; j++) sb.append(", ").append(members.get(j)).append('=').append(mean[j]);
    return sb.append(']').toString();
  }
}
