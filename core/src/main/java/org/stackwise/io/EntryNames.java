package org.stackwise.io;

import java.util.regex.Pattern;
import org.stackwise.BadInputException;

/** Validation of entry names inside model files: relative, simple characters, no {@code ..} (zip-slip). */
final class EntryNames {
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_.\\-]{1,128}");

  private EntryNames() { }

  static String check(String source, String name) {
    if (name.isEmpty() || name.length() > 1024 || name.startsWith("/") || name.endsWith("/")) {
      throw new BadInputException(source, "illegal entry name '" + shorten(name) + "'");
    }
    for (String seg : name.split("/", -1)) {
      if (!SEGMENT.matcher(seg).matches() || seg.equals(".") || seg.equals("..")) {
        throw new BadInputException(source, "illegal entry name '" + shorten(name)
            + "' (entry names are relative paths of [A-Za-z0-9_.-] segments, without '..')");
      }
    }
    return name;
  }

  static String join(String dir, String name) {
    return dir.isEmpty() ? name : dir + "/" + name;
  }

  private static String shorten(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }
}
