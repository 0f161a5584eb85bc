#!/usr/bin/python3
"""Reference side of the Stackwise benchmarks: scikit-learn 1.2 (Debian's python3-sklearn).

Called by org.stackwise.bench.BenchmarkMain, never by hand in normal use. The Java runner parses a data
set with Stackwise's own readers, cuts the train/test split and writes the exact matrices it uses to a
directory (see ``load``): numeric columns as they are, categorical columns one-hot encoded over the
training schema's levels (an unseen or missing level is all zeros). This script fits ONE reference
model on them, predicts the test rows and prints ONE JSON object on stdout:

    {"model": ..., "accuracy": ..., "log_loss": ..., "fit_seconds": ..., "predict_seconds": ...,
     "predict_seconds_first": ..., "peak_rss_mb": ..., "baseline_rss_mb": ..., "peak_tree_rss_mb": ..., ...}

Accuracy is the share of test rows whose most probable class (argmax of predict_proba, ties to the
lower class index; predict() for LinearSVC, which has no probabilities) is the true class -- the same
rule as Stackwise's Classifier.predict. Log loss clips probabilities to [1e-15, 1 - 1e-15] and
renormalises each row, as sklearn.metrics.log_loss does in 1.2; the Java side uses the same formula.
Fit time is the best of ``--fit-reps`` (default 2) timed fits. Before them, the same model is fitted once on a class-balanced subset of ``--warmup-rows``
training rows (the Java side does the same, to compile its hot code; here it mostly starts joblib's
workers), then predicts the first ``--warmup-rows`` test rows with it for 1 s (at least 3 calls); after the
timed fit, the fitted model predicts those rows for 3 s (untimed, as on the Java side). Predict time
is the best of 2 to ``--predict-reps`` batch predict_proba calls on the whole test set, repeated beyond the
second only while their total stays under 6 s (the first call is reported too). Memory: ``peak_rss_mb`` is this process's ru_maxrss; ``baseline_rss_mb``
is ru_maxrss after imports and data loading, before fitting; ``peak_tree_rss_mb`` is the sampled peak
of the summed RSS of this process and its children (joblib/loky workers used with n_jobs=2).
"""
import argparse
import contextlib
import json
import os
import sys

# Same thread budget as the Java side (threads=2); must be set before numpy is imported.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "2")

import resource  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402

import numpy as np  # noqa: E402
from joblib import parallel_backend  # noqa: E402
import sklearn  # noqa: E402
from sklearn.ensemble import (ExtraTreesClassifier, HistGradientBoostingClassifier,  # noqa: E402
                              RandomForestClassifier, StackingClassifier)
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.naive_bayes import GaussianNB  # noqa: E402
from sklearn.neighbors import KNeighborsClassifier  # noqa: E402
from sklearn.neural_network import MLPClassifier  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402
from sklearn.svm import SVC, LinearSVC  # noqa: E402
from sklearn.tree import DecisionTreeClassifier  # noqa: E402

EPS = 1e-15
REPEAT_BUDGET_SECONDS = 6.0  # predict calls are repeated (up to --predict-reps) only while they are cheap
MIN_PREDICT_CALLS = 2  # every model is timed at least twice (the JVM's first call may still be compiling)
WARMUP_PREDICT_SECONDS = 1.0  # warm-up predictions with the warm-up model, as on the Java side
WARMUP_PREDICT_MIN_CALLS = 3
FITTED_WARMUP_SECONDS = 3.0  # warm-up predictions with the fitted model, as OurSide.FITTED_WARMUP_SECONDS
N_JOBS = 2


def models(seed):
    """Stackwise learner id -> a factory of its scikit-learn counterpart (default settings)."""
    return {
        "logistic": lambda: make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)),
        "linear_svm": lambda: make_pipeline(StandardScaler(), LinearSVC(random_state=seed)),
        "svm": lambda: make_pipeline(StandardScaler(), SVC(probability=True, random_state=seed)),
        "knn": lambda: make_pipeline(StandardScaler(), KNeighborsClassifier(15, n_jobs=N_JOBS)),
        "naive_bayes": lambda: GaussianNB(),
        "decision_tree": lambda: DecisionTreeClassifier(random_state=seed),
        "random_forest": lambda: RandomForestClassifier(n_estimators=300, n_jobs=N_JOBS, random_state=seed),
        "extra_trees": lambda: ExtraTreesClassifier(n_estimators=300, n_jobs=N_JOBS, random_state=seed),
        "lightgbm": lambda: HistGradientBoostingClassifier(random_state=seed),
        "mlp": lambda: make_pipeline(StandardScaler(), MLPClassifier(random_state=seed)),
        "stack": lambda: stack(seed),
    }


def stack(seed):
    """The counterpart of Stackwise's `default` preset: five members, logistic meta-learner, 5 folds."""
    estimators = [
        ("random_forest", RandomForestClassifier(n_estimators=300, random_state=seed)),
        ("lightgbm", HistGradientBoostingClassifier(random_state=seed)),
        ("knn", make_pipeline(StandardScaler(), KNeighborsClassifier(15))),
        ("logistic", make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))),
        ("naive_bayes", GaussianNB()),
    ]
    # Members run one per joblib worker (n_jobs=2 at the stack level), so members themselves are
    # single-threaded: the same two cores as the Java side's threads=2.
    return StackingClassifier(estimators=estimators, final_estimator=LogisticRegression(max_iter=1000),
                              cv=5, stack_method="predict_proba", n_jobs=N_JOBS)


def load(directory):
    """Reads meta.json and the little-endian float64 / int32 row-major matrices written by the Java runner."""
    with open(os.path.join(directory, "meta.json"), encoding="utf-8") as f:
        meta = json.load(f)
    p = meta["n_features"]

    def matrix(name, rows):
        x = np.fromfile(os.path.join(directory, name), dtype="<f8")
        if x.size != rows * p:
            raise SystemExit(f"{name}: expected {rows} x {p} values, got {x.size}")
        return x.reshape(rows, p)

    def labels(name, rows):
        y = np.fromfile(os.path.join(directory, name), dtype="<i4")
        if y.size != rows:
            raise SystemExit(f"{name}: expected {rows} labels, got {y.size}")
        return y

    return (meta, matrix("X_train.f64", meta["n_train"]), labels("y_train.i32", meta["n_train"]),
            matrix("X_test.f64", meta["n_test"]), labels("y_test.i32", meta["n_test"]))


def full_proba(model, proba, n_classes):
    """Probabilities over ALL classes of the data set (a class absent from training gets 0)."""
    out = np.zeros((proba.shape[0], n_classes))
    out[:, np.asarray(model.classes_, dtype=int)] = proba
    return out


def scores(proba, y):
    """(accuracy, log loss) with the shared conventions described in the module comment."""
    pred = np.argmax(proba, axis=1)  # ties -> lowest index, like Classifier.argMax
    p = np.clip(proba, EPS, 1 - EPS)
    p = p / p.sum(axis=1, keepdims=True)
    return float(np.mean(pred == y)), float(-np.mean(np.log(p[np.arange(len(y)), y])))


def warmup_rows(y, n_classes, budget):
    """Per class, the first ceil(budget / n_classes) training rows (the same rule as OurSide.warmupRows)."""
    cap = -(-budget // n_classes)
    taken = np.zeros(n_classes, dtype=int)
    rows = []
    for i, c in enumerate(y):
        if taken[c] < cap:
            taken[c] += 1
            rows.append(i)
    return np.asarray(rows, dtype=int)


def rss_mb_of(pid):
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return 0.0


def descendants(pid):
    out = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as f:
                out.extend(int(c) for c in f.read().split())
    except OSError:
        return out
    for c in list(out):
        out.extend(descendants(c))
    return out


class TreeRssSampler(threading.Thread):
    """Samples the summed RSS of this process and its descendants every 50 ms; keeps the peak."""

    def __init__(self):
        super().__init__(daemon=True)
        self.peak = 0.0
        self.stop = threading.Event()

    def run(self):
        me = os.getpid()
        while not self.stop.is_set():
            total = sum(rss_mb_of(p) for p in [me] + descendants(me))
            self.peak = max(self.peak, total)
            self.stop.wait(0.05)


def maxrss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: KiB


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", required=True, help="directory written by the Java runner")
    ap.add_argument("--model", required=True, help="Stackwise learner id, or 'stack'")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--predict-reps", type=int, default=10)
    ap.add_argument("--fit-reps", type=int, default=2, help="timed fits; the best is reported")
    ap.add_argument("--result", help="also write the JSON object to this file")
    ap.add_argument("--warmup-rows", type=int, default=500,
                    help="fit once on a class-balanced subset of this many training rows before the timed fit (0: no warm-up)")
    args = ap.parse_args()

    factories = models(args.seed)
    if args.model not in factories:
        raise SystemExit(f"no scikit-learn counterpart for '{args.model}'; known: {sorted(factories)}")
    meta, x_train, y_train, x_test, y_test = load(args.data)
    n_classes = len(meta["classes"])
    baseline = maxrss_mb()
    sampler = TreeRssSampler()
    sampler.start()

    warnings.simplefilter("ignore")  # convergence warnings would only clutter the runner's log
    # The stack runs its members in 2 joblib worker processes; each gets 1 OpenMP/BLAS thread so the
    # total stays at 2 threads (joblib would otherwise pass OMP_NUM_THREADS=2 on to every worker).
    # Only for the stack: a backend context would also override the thread backend that
    # RandomForestClassifier and KNeighborsClassifier prefer for their own n_jobs.
    backend = parallel_backend("loky", inner_max_num_threads=1) if args.model == "stack" else contextlib.nullcontext()
    with backend:
        warmup_seconds = None
        if args.warmup_rows > 0:
            # mirrors the Java side's warm-up (JIT there; here it starts joblib's worker processes)
            rows = warmup_rows(y_train, n_classes, args.warmup_rows)
            t0 = time.perf_counter()
            try:
                warm = factories[args.model]().fit(x_train[rows], y_train[rows])
                warmup_seconds = time.perf_counter() - t0
                # the same warm-up predictions as the Java side (there they let the JIT reach steady state)
                head = x_test[: min(len(x_test), args.warmup_rows)]
                w0 = time.perf_counter()
                calls = 0
                while calls < WARMUP_PREDICT_MIN_CALLS or time.perf_counter() - w0 < WARMUP_PREDICT_SECONDS:
                    warm.predict_proba(head) if hasattr(warm, "predict_proba") and args.model != "linear_svm" else warm.predict(head)
                    calls += 1
            except Exception as e:  # noqa: BLE001 - a failed warm-up only means a cold timed fit
                print(f"warm-up fit failed: {e}", file=sys.stderr)

        # the best of --fit-reps timed fits, as on the Java side; the last model predicts
        fit_times = []
        for _ in range(max(1, args.fit_reps)):
            model = None  # let the previous model go before the next fit
            model = factories[args.model]()
            t0 = time.perf_counter()
            model.fit(x_train, y_train)
            fit_times.append(time.perf_counter() - t0)
        fit_seconds = min(fit_times)

    has_proba = hasattr(model, "predict_proba") and args.model != "linear_svm"
    if args.warmup_rows > 0:
        # the fitted model predicts the first test rows for 3 s before the timed calls, as on the Java side
        head = x_test[: min(len(x_test), args.warmup_rows)]
        w0 = time.perf_counter()
        calls = 0
        while calls < WARMUP_PREDICT_MIN_CALLS or time.perf_counter() - w0 < FITTED_WARMUP_SECONDS:
            model.predict_proba(head) if has_proba else model.predict(head)
            calls += 1
    times = []
    for _ in range(max(1, args.predict_reps)):
        t0 = time.perf_counter()
        if has_proba:
            out = model.predict_proba(x_test)
        else:
            out = model.predict(x_test)
        times.append(time.perf_counter() - t0)
        if len(times) >= MIN_PREDICT_CALLS and sum(times) >= REPEAT_BUDGET_SECONDS:
            break  # slow predictions are timed twice, fast ones up to --predict-reps times
    sampler.stop.set()
    sampler.join()

    result = {
        "side": "scikit-learn",
        "model": args.model,
        "estimator": repr(model) if args.model != "stack" else "StackingClassifier(cv=5, stack_method='predict_proba', n_jobs=2)",
        "train_rows": int(x_train.shape[0]),
        "test_rows": int(x_test.shape[0]),
        "features": int(x_train.shape[1]),
        "fit_seconds": fit_seconds,
        "fit_seconds_all": fit_times,
        "predict_seconds": min(times),
        "predict_seconds_first": times[0],
        "warmup_rows": args.warmup_rows,
        "warmup_fit_seconds": warmup_seconds,
        "baseline_rss_mb": baseline,
        "peak_rss_mb": maxrss_mb(),
        "peak_tree_rss_mb": max(sampler.peak, maxrss_mb()),
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "python_version": sys.version.split()[0],
    }
    if has_proba:
        result["accuracy"], result["log_loss"] = scores(full_proba(model, out, n_classes), y_test)
    else:
        result["accuracy"] = float(np.mean(out == y_test))
        result["log_loss"] = None
    if args.model == "stack":
        members = {}
        for name, est in model.named_estimators_.items():
            members[name] = scores(full_proba(est, est.predict_proba(x_test), n_classes), y_test)[0]
        result["member_accuracy"] = members
    text = json.dumps(result)
    print(text)
    if args.result:
        with open(args.result + ".tmp", "w", encoding="utf-8") as f:
            f.write(text + "\n")
        os.replace(args.result + ".tmp", args.result)


if __name__ == "__main__":
    main()
