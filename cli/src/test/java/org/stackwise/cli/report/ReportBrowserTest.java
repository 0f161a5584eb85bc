package org.stackwise.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackwise.cli.serve.ServeFixtures;

/**
 * The reports in a real headless browser (Debian's chromium; {@code .ci/run} installs it, and the test
 * is skipped where it is absent): the page loads offline from a file, its self-check script finds every
 * chart laid out with a real size, the console stays empty (no script error), and a full-page
 * screenshot shows content. The screenshots are kept in {@code target/report-screenshots/} to look at.
 */
class ReportBrowserTest {
  @TempDir static Path dir;
  static Path browser;
  static ServeFixtures.Files3 files;

  @BeforeAll static void setUp() throws IOException {
    Optional<Path> b = chromium();
    assumeTrue(b.isPresent(), "chromium is not installed (apt-get install chromium; .ci/run installs it)");
    browser = b.get();
    files = ServeFixtures.create(dir);
  }

  /** chromium (or Chrome) on the PATH. */
  static Optional<Path> chromium() {
    String path = System.getenv("PATH");
    if (path == null) return Optional.empty();
    for (String name : List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")) {
      for (String d : path.split(File.pathSeparator)) {
        Path p = Path.of(d, name);
        if (Files.isExecutable(p)) return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  @Test void stackReportRenders() throws Exception {
    Path html = dir.resolve("stack.html");
    ReportTest.Run r = ReportTest.run("report", "--model", files.model().toString(), "--data", files.test().toString(), "--out",
        html.toString(), "--bootstrap", "100", "--quiet");
    assertEquals(0, r.code(), r::toString);
    render(html, "stack");
  }

  @Test void lazyReportRenders() throws Exception {
    Path html = dir.resolve("lazy.html");
    ReportTest.Run r = ReportTest.run("report", "--lazy", files.lazy().toString(), "--data", files.test().toString(), "--out",
        html.toString(), "--bootstrap", "100", "--quiet");
    assertEquals(0, r.code(), r::toString);
    render(html, "lazy");
  }

  /** Loads the page in headless chromium: DOM after scripts, console log and a screenshot, then checks them. */
  static void render(Path html, String name) throws Exception {
    String page = Files.readString(html);
    int charts = ReportTest.charts(page).size();
    assertTrue(charts >= 5, "charts in " + name);
    Path profile = Files.createTempDirectory(dir, "chromium-profile");
    Path shots = Path.of("target", "report-screenshots");
    Files.createDirectories(shots);
    Path png = shots.resolve(name + ".png").toAbsolutePath();
    Files.deleteIfExists(png);
    Path out = dir.resolve(name + ".dom");
    Path err = dir.resolve(name + ".log");
    List<String> cmd = new ArrayList<>(List.of(browser.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--user-data-dir=" + profile.toAbsolutePath(), "--enable-logging=stderr", "--v=0",
        "--hide-scrollbars", "--window-size=1280,4000", "--screenshot=" + png, "--dump-dom", html.toAbsolutePath().toUri().toString()));
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try {
      assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium finished within 120 s");
    } finally {
      if (p.isAlive()) p.destroyForcibly();
      deleteTree(profile);
    }
    String dom = Files.readString(out, StandardCharsets.UTF_8);
    String log = Files.readString(err, StandardCharsets.UTF_8);
    Matcher body = Pattern.compile("<body([^>]*)>").matcher(dom);
    assertTrue(body.find(), () -> "no body in the DOM dump; chromium log:\n" + log);
    String attrs = body.group(1);
    assertTrue(attrs.contains("data-rendered=\"yes\""), () -> "the page's script did not run: " + attrs + "\n" + log);
    assertTrue(attrs.contains("data-charts=\"" + charts + "\""), () -> "charts found by the browser: " + attrs + ", in the file: " + charts);
    assertTrue(attrs.contains("data-charts-bad=\"\""), () -> "charts without a layout: " + attrs);
    for (String line : log.split("\n")) {
      assertTrue(!line.contains("CONSOLE"), () -> "console message: " + line);
    }
    assertTrue(Files.size(png) > 10_000, "screenshot written");
    BufferedImage img = ImageIO.read(png.toFile());
    assertNotNull(img);
    assertEquals(1280, img.getWidth());
    // a blank or broken page has a handful of colours; charts, text and heat maps have many
    Set<Integer> colours = new HashSet<>();
    int nonBackground = 0;
    int total = 0;
    for (int y = 0; y < img.getHeight(); y += 3) {
      for (int x = 0; x < img.getWidth(); x += 3) {
        int rgb = img.getRGB(x, y) & 0xffffff;
        colours.add(rgb);
        total++;
        if (rgb != 0xfafafa && rgb != 0xffffff) nonBackground++;
      }
    }
    assertTrue(colours.size() > 200, "colours in the screenshot: " + colours.size());
    assertTrue(nonBackground > total / 20, "content in the screenshot: " + nonBackground + " of " + total);
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) return;
    try (Stream<Path> s = Files.walk(root)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
    }
  }
}
