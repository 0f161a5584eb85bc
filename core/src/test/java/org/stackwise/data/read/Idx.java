package org.stackwise.data.read;

import java.nio.ByteBuffer;

/** Builds small IDX files for tests. */
final class Idx {
  private Idx() { }

  /** Unsigned-byte images: {@code n} images of {@code h × w} pixels, pixel = (i + k) % 256. */
  static byte[] images(int n, int h, int w) {
    ByteBuffer b = ByteBuffer.allocate(16 + n * h * w);
    b.putInt(0x00000803).putInt(n).putInt(h).putInt(w);
    for (int i = 0; i < n; i++) for (int k = 0; k < h * w; k++) b.put((byte) ((i + k) % 256));
    return b.array();
  }

  static byte[] labels(int... y) {
    ByteBuffer b = ByteBuffer.allocate(8 + y.length);
    b.putInt(0x00000801).putInt(y.length);
    for (int v : y) b.put((byte) v);
    return b.array();
  }
}
