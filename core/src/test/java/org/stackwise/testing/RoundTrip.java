package org.stackwise.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.stackwise.Model;
import org.stackwise.io.MemoryModelStore;

/** Save → load through the model-file entry format, in memory. */
public final class RoundTrip {
  private RoundTrip() { }

  @SuppressWarnings("unchecked")
  public static <M extends Model> M of(M model) {
    try {
      MemoryModelStore store = new MemoryModelStore("roundtrip.swm");
      store.writer().model("model", model);
      return (M) store.reader().model("model");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
