package org.stackwise.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.stackwise.data.Dataset;

/**
 * Where a fitted model came from: seed, a fingerprint of the training data, rows, fit time, version.
 * Printed by {@code stackwise describe}.
 */
public record Provenance(String stackwiseVersion, long seed, String dataFingerprint, int trainRows,
                         double fitSeconds, String createdAt, String trainSource) {
  public static final String VERSION = "0.1.0";

  /** SHA-256 over the dataset's values and target, so "same data" can be checked later. */
  public static String fingerprint(Dataset data) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      ByteBuffer buf = ByteBuffer.allocate(8);
      for (int i = 0; i < data.rows(); i++) {
        for (int j = 0; j < data.columns(); j++) {
          buf.clear();
          buf.putDouble(data.get(i, j));
          md.update(buf.array());
        }
      }
      if (data.hasTarget()) {
        for (int i = 0; i < data.rows(); i++) {
          buf.clear();
          buf.putDouble(data.target() instanceof org.stackwise.data.Target.Classes c ? c.get(i)
              : ((org.stackwise.data.Target.Numeric) data.target()).get(i));
          md.update(buf.array());
        }
      }
      return HexFormat.of().formatHex(md.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public ObjectNode toJson() {
    return Json.MAPPER.valueToTree(this);
  }

  public static Provenance fromJson(JsonNode n) {
    return Json.MAPPER.convertValue(n, Provenance.class);
  }
}
