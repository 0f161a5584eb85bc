"""scikit-learn side of SklearnComparisonTest: same split (test_rows.txt), same models.

Run with OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 /usr/bin/python3 sklearn_comparison.py (paths assume /work/shared/data).
"""
import csv, sys, time, json
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsClassifier
from sklearn.naive_bayes import GaussianNB
from sklearn.preprocessing import StandardScaler

def load(path, target):
    with open(path) as f:
        r = csv.reader(f)
        header = next(r)
        rows = list(r)
    t = header.index(target)
    X = np.array([[float(v) for i, v in enumerate(row) if i != t] for row in rows])
    labels = sorted({row[t] for row in rows})
    y = np.array([labels.index(row[t]) for row in rows])
    return X, y

out = {}
for name, path, target in [("satimage", "/work/shared/data/satimage/Satellite.csv", "classes"),
                           ("letter", "/work/shared/data/letter/LetterRecognition.csv", "lettr")]:
    X, y = load(path, target)
    test = np.zeros(len(y), bool)
    test[[int(l) for l in open(path.rsplit("/", 1)[0] + "/test_rows.txt") if l.strip()]] = True
    Xtr, ytr, Xte, yte = X[~test], y[~test], X[test], y[test]
    sc = StandardScaler().fit(Xtr)
    Str, Ste = sc.transform(Xtr), sc.transform(Xte)
    for mname, model, scaled in [("logistic", LogisticRegression(C=1.0, max_iter=1000), True),
                                 ("knn15", KNeighborsClassifier(15), True),
                                 ("gaussian_nb", GaussianNB(), False)]:
        a, b = (Str, Ste) if scaled else (Xtr, Xte)
        fits, preds, fitc, predc = [], [], [], []
        for rep in range(3):
            c0 = time.process_time(); t0 = time.perf_counter(); model.fit(a, ytr); t1 = time.perf_counter(); c1 = time.process_time()
            p = model.predict_proba(b); t2 = time.perf_counter(); c2 = time.process_time()
            fits.append(t1 - t0); preds.append(t2 - t1); fitc.append(c1 - c0); predc.append(c2 - c1)
        acc = float((p.argmax(1) == yte).mean())
        out[f"{name}/{mname}"] = {"accuracy": acc, "fit_s": min(fits), "predict_s": min(preds), "train": int(len(ytr)), "test": int(len(yte))}
        print(f"{name:9s} {mname:12s} acc={acc:.4f} fit={min(fits):.4f}s (cpu {min(fitc):.4f}s) predict={min(preds):.4f}s (cpu {min(predc):.4f}s)", flush=True)
