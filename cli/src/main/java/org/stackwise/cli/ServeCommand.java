package org.stackwise.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.stackwise.BadInputException;
import org.stackwise.cli.serve.PredictionServer;
import org.stackwise.cli.serve.ServedModel;
import org.stackwise.io.ModelFile;
import org.stackwise.lazy.LazyFile;
import org.stackwise.lazy.LazyStackModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code stackwise serve}: an HTTP JSON prediction service until stopped (Ctrl-C or SIGTERM stop it
 * gracefully). The work is in {@link org.stackwise.cli.serve}.
 */
@Command(name = "serve", description = "Serve predictions over HTTP: POST /predict, GET /health, GET /model, GET /metrics (JSON).",
    sortOptions = false)
final class ServeCommand extends BaseCommand {
  @Option(names = "--model", paramLabel = "MODEL.swm",
      description = "A model saved by fit; with --lazy, the ensemble whose members run (default: the one lazy fit used).")
  Path modelFile;

  @Option(names = "--lazy", paramLabel = "LAZY.lzs", description = "A lazy stack saved by lazy fit (white-box: its ensemble's members run).")
  Path lazyFile;

  @Option(names = "--host", paramLabel = "ADDR", defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
  String host;

  @Option(names = "--port", paramLabel = "N", defaultValue = "8080", description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: the number of processors).")
  Integer threads;

  @Option(names = "--queue", paramLabel = "N", defaultValue = "64",
      description = "Connections waiting for a worker before requests get 503 (default: ${DEFAULT-VALUE}).")
  int queue;

  @Option(names = "--max-body", paramLabel = "BYTES", defaultValue = "1048576",
      description = "Largest request body; larger ones get 413 (default: ${DEFAULT-VALUE}).")
  int maxBody;

  @Option(names = "--max-rows", paramLabel = "N", defaultValue = "10000",
      description = "Most rows in one request (default: ${DEFAULT-VALUE}).")
  int maxRows;

  @Option(names = "--grace", paramLabel = "SECONDS", defaultValue = "10",
      description = "On stop, how long requests in progress may take to finish (default: ${DEFAULT-VALUE}).")
  int grace;

  @Override public Integer call() throws Exception {
    Terminal term = terminal(false);
    if (grace < 0) throw new BadInputException("--grace", "grace must be >= 0 seconds, got " + grace);
    PredictionServer.Config config = PredictionServer.Config.defaults().withHost(host).withPort(port)
        .withThreads(threads == null ? Runtime.getRuntime().availableProcessors() : threads).withQueue(queue)
        .withMaxBodyBytes(maxBody).withMaxRows(maxRows).withGrace(Duration.ofSeconds(grace));
    ServedModel served;
    String what;
    if (lazyFile != null) {
      LazyStackModel lz = LazyFile.load(lazyFile);
      Path m = modelFile;
      if (m == null) {
        String recorded = lz.info().path("ensemble_model").asText("");
        if (recorded.isEmpty()) {
          throw new BadInputException("--model", "this lazy model was fitted on an execution log (black-box members), which "
              + "the server cannot run; serve a lazy model fitted with --model, or give --model MODEL.swm");
        }
        m = Path.of(recorded);
      }
      ModelFile.Loaded loaded = ModelInput.load(m);
      served = ServedModel.lazy(lz, loaded.model(), loaded.target());
      what = "lazy stack " + lazyFile.getFileName() + " over " + m.getFileName() + ", " + lz.members().size() + " members, θ "
          + TextTable.num(lz.theta());
    } else if (modelFile != null) {
      ModelFile.Loaded loaded = ModelInput.load(modelFile);
      served = ServedModel.plain(loaded.model(), loaded.target());
      what = loaded.model().kind() + " model " + modelFile.getFileName();
    } else {
      throw new BadInputException("--model", "give --model MODEL.swm or --lazy LAZY.lzs");
    }
    PrintWriter err = spec.commandLine().getErr();
    PredictionServer server = PredictionServer.start(served, config, err);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      term.note("stackwise serve: stopping (requests in progress may take up to " + grace + " s)");
      server.close();
      term.note("stackwise serve: stopped");
      stopped.countDown();
    }, "stackwise-serve-shutdown"));
    PrintWriter out = spec.commandLine().getOut();
    out.println("stackwise serve: listening on " + server.uri() + " (" + what + "; " + config.threads() + " workers); "
        + "POST /predict, GET /health, GET /model, GET /metrics; Ctrl-C stops");
    out.flush();
    stopped.await();
    return Main.OK;
  }
}
