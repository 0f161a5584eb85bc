package org.stackwise.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.stackwise.BadInputException;

/**
 * Entries of a model file held in memory: what {@link ModelWriter}s write into and
 * {@link ModelReader}s read from. {@link ModelFile} moves it to and from a zip.
 */
public final class MemoryModelStore {
  private final String source;
  private final Map<String, byte[]> entries;

  public MemoryModelStore(String source) {
    this(source, new LinkedHashMap<>());
  }

  /** A store over entries read from a file (e.g. {@link ModelFile#readZip}); the map is copied. */
  public static MemoryModelStore of(String source, Map<String, byte[]> entries) {
    return new MemoryModelStore(source, new LinkedHashMap<>(entries));
  }

  MemoryModelStore(String source, Map<String, byte[]> entries) {
    this.source = source;
    this.entries = entries;
  }

  public Map<String, byte[]> entries() { return Collections.unmodifiableMap(entries); }

  public ModelWriter writer() { return new Writer(""); }

  public ModelReader reader() { return new Reader(""); }

  private final class Writer implements ModelWriter {
    private final String dir;

    Writer(String dir) { this.dir = dir; }

    @Override public void bytes(String name, byte[] content) {
      String full = EntryNames.check(source, EntryNames.join(dir, name));
      if (entries.putIfAbsent(full, content.clone()) != null) {
        throw new IllegalStateException("entry '" + full + "' written twice");
      }
    }

    @Override public ModelWriter child(String directory) {
      return new Writer(EntryNames.check(source, EntryNames.join(dir, directory)));
    }
  }

  private final class Reader implements ModelReader {
    private final String dir;

    Reader(String dir) { this.dir = dir; }

    @Override public String source() { return source; }

    @Override public String path(String name) { return EntryNames.join(dir, name); }

    @Override public byte[] bytes(String name) {
      byte[] b = entries.get(path(name));
      if (b == null) throw new BadInputException(source, "missing entry '" + path(name) + "'");
      return b.clone();
    }

    @Override public boolean has(String name) { return entries.containsKey(path(name)); }

    @Override public ModelReader child(String directory) {
      return new Reader(EntryNames.check(source, EntryNames.join(dir, directory)));
    }
  }
}
