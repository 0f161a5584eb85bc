package org.stackwise.lazy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.stackwise.BadInputException;
import org.stackwise.io.Json;
import org.stackwise.io.MemoryModelStore;
import org.stackwise.io.ModelFile;
import org.stackwise.io.ModelReader;
import org.stackwise.io.ModelWriter;
import org.stackwise.lazy.policy.Policy;
import org.stackwise.lazy.substack.Substackers;

/**
 * The lazy model file ({@code .lzs}): a zip with the same conventions as {@code .swm} model files
 * ({@link ModelFile}): bounded, name-checked entries, atomic writes, data only — no Java
 * serialization, no class names. Entries:
 * <ul>
 *   <li>{@code manifest.json}: format, version, members, classes, mode, θ per mode, min members, the
 *       cost model, kept trajectories, and fit information (parameters, validation report, data use);
 *   <li>{@code policy/}: the policy tables ({@link Policy#write});
 *   <li>{@code substackers/}: SUB, MASK and full-stacker networks ({@link Substackers#write});
 *   <li>{@code random/}: the SUB networks of the random-order ablation;
 *   <li>{@code baselines.json}: the tuned settings of the comparison methods;
 *   <li>{@code routes/<r>/policy/}, {@code routes/<r>/substackers/}, {@code routes/<r>/random/}: only in a
 *       routed model ({@code "routes": K} in the manifest, format version 2), the K fold cores.
 * </ul>
 * A model without routes is written as format version 1, so files that earlier builds can read stay
 * readable by them; a routed model is version 2, which earlier builds refuse rather than deploy its
 * primary core alone.
 */
public final class LazyFile {
  /** Newest format version written by this build (routed models; others are written as version 1). */
  public static final int FORMAT_VERSION = 2;

  private LazyFile() { }

  /** Writes {@code model} to {@code path} (via a temporary file and an atomic move). */
  public static void save(LazyStackModel model, Path path) throws IOException {
    MemoryModelStore store = new MemoryModelStore(path.toString());
    write(model, store.writer());
    ModelFile.writeZipAtomically(path, store.entries());
  }

  /** Writes every entry of {@code model} through {@code out}. */
  public static void write(LazyStackModel model, ModelWriter out) throws IOException {
    ObjectNode o = Json.object();
    o.put("format", "stackwise-lazy");
    o.put("format_version", model.routed() ? 2 : 1);
    o.set("members", Json.stringsToJson(model.members()));
    o.set("classes", Json.stringsToJson(model.classes()));
    o.put("mode", model.mode().id());
    o.set("theta_sub", model.thresholds(LazyStackModel.Mode.SUB).toJson());
    o.set("theta_mask", model.thresholds(LazyStackModel.Mode.MASK).toJson());
    o.put("min_members", model.minMembers());
    o.put("exit_on_policy_stop", model.exitOnPolicyStop());
    o.set("cost_model", model.costModel().toJson());
    o.set("trajectories", org.stackwise.lazy.policy.Trajectories.toJson(model.trajectories(), model.members()));
    if (model.routed()) o.put("routes", model.routeCount());
    o.set("info", model.info());
    out.json("manifest.json", o);
    model.policy().write(out.child("policy"));
    model.substackers().write(out.child("substackers"));
    model.randomSubstackers().writeSubs(out.child("random"));
    out.json("baselines.json", model.baselines().toJson());
    for (int r = 0; r < model.routeCount(); r++) {
      LazyStackModel.Route route = model.routes().get(r);
      ModelWriter rw = out.child("routes").child(Integer.toString(r));
      route.policy().write(rw.child("policy"));
      route.subs().write(rw.child("substackers"));
      route.randomSubs().writeSubs(rw.child("random"));
    }
  }

  /** Loads a lazy model file; any problem is a {@link BadInputException} naming the file and entry. */
  public static LazyStackModel load(Path path) throws IOException {
    MemoryModelStore store = MemoryModelStore.of(path.toString(), ModelFile.readZip(path));
    return read(store.reader());
  }

  /** Reads the entries written by {@link #write}. */
  public static LazyStackModel read(ModelReader in) throws IOException {
    String src = in.source();
    if (!in.has("manifest.json")) throw new BadInputException(src, "not a Stackwise lazy model (no manifest.json entry)");
    JsonNode o = in.json("manifest.json");
    if (!o.isObject() || !"stackwise-lazy".equals(o.path("format").asText())) {
      throw new BadInputException(src, "manifest.json is not a Stackwise lazy model manifest");
    }
    int version = o.path("format_version").asInt(-1);
    if (version < 1) throw new BadInputException(src, "manifest.json: format_version missing or invalid");
    if (version > FORMAT_VERSION) {
      throw new BadInputException(src, "lazy model format version " + version + " is newer than this Stackwise supports ("
          + FORMAT_VERSION + "); upgrade Stackwise");
    }
    String where = in.path("manifest.json");
    try {
      List<String> members = Json.strings(o.get("members"), where + " members");
      List<String> classes = Json.strings(o.get("classes"), where + " classes");
      int m = members.size();
      int k = classes.size();
      Policy policy = Policy.read(in.child("policy"));
      if (policy.memberCount() != m || policy.classCount() != k) {
        throw in.corrupt("policy/policy.json", "policy has " + policy.memberCount() + " members and " + policy.classCount()
            + " classes, the manifest " + m + " and " + k);
      }
      Substackers subs = Substackers.read(in.child("substackers"), m, k);
      Substackers random = subs.readSubs(in.child("random"));
      int routeCount = o.path("routes").asInt(0);
      if (o.has("routes") && (!o.get("routes").canConvertToInt() || routeCount < 2 || routeCount > 20)) {
        throw in.corrupt("manifest.json", "routes must be an integer between 2 and 20, got " + o.get("routes"));
      }
      if (routeCount > 0 && version < 2) throw in.corrupt("manifest.json", "routes need format_version 2");
      List<LazyStackModel.Route> routes = new java.util.ArrayList<>();
      for (int r = 0; r < routeCount; r++) {
        ModelReader rr = in.child("routes").child(Integer.toString(r));
        Policy rp = Policy.read(rr.child("policy"));
        if (rp.memberCount() != m || rp.classCount() != k) {
          throw in.corrupt("routes/" + r + "/policy/policy.json", "policy has " + rp.memberCount() + " members and "
              + rp.classCount() + " classes, the manifest " + m + " and " + k);
        }
        Substackers rs = Substackers.read(rr.child("substackers"), m, k);
        routes.add(new LazyStackModel.Route(rp, rs, rs.readSubs(rr.child("random"))));
      }
      CostModel costs = CostModel.fromJson(o.get("cost_model"), where);
      if (!costs.members().equals(members)) throw in.corrupt("manifest.json", "cost_model members differ from members");
      Baselines b = Baselines.fromJson(in.json("baselines.json"), m, in.path("baselines.json"));
      JsonNode info = o.path("info");
      int minMembers = o.path("min_members").asInt(-1);
      if (minMembers < 1 || minMembers > m) throw in.corrupt("manifest.json", "min_members must be in 1.." + m);
      return new LazyStackModel(members, classes, costs, policy, subs, random,
          LazyStackModel.Mode.parse(o.path("mode").asText(), where), Thresholds.fromJson(o.get("theta_sub"), m, where),
          Thresholds.fromJson(o.get("theta_mask"), m, where),
          minMembers, o.path("exit_on_policy_stop").asBoolean(false), b, org.stackwise.lazy.policy.Trajectories.fromJson(o.get("trajectories"), members, where),
          info.isObject() ? (ObjectNode) info : Json.object(), routes);
    } catch (BadInputException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new BadInputException(src, "corrupt lazy model: " + e.getMessage());
    }
  }
}
