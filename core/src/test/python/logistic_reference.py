"""How the expected values of LogisticLearnerTest were computed (scikit-learn 1.2.1, run once).

newton-cg is used instead of lbfgs because SciPy's L-BFGS-B stops at its default ftol with a gradient
of about 1e-4 on this data, while newton-cg reaches about 1e-9; both minimise the same objective.
Run with /usr/bin/python3.
"""
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

X = np.array([[0.5, 1.0], [1.5, -0.5], [2.0, 0.3], [-1.0, 2.2], [0.0, 0.0], [3.1, 1.7],
              [-2.0, -1.0], [1.2, 2.5], [0.7, -1.8], [-0.4, 0.9], [2.6, -0.2], [-1.5, 1.1]])
y3 = np.array([0, 1, 1, 2, 0, 1, 2, 2, 1, 0, 1, 2])
y2 = np.array([0, 1, 1, 0, 0, 1, 0, 1, 1, 0, 1, 0])
w = np.array([1, 2, 1, 0.5, 1, 1, 3, 1, 1, 2, 1, 0.25])
Xs = StandardScaler().fit_transform(X)
for name, y, sw, C in [("multi", y3, None, 1.0), ("binary", y2, None, 1.0),
                       ("multi_weighted", y3, w, 0.5), ("binary_weighted", y2, w, 2.0)]:
    m = LogisticRegression(C=C, solver="newton-cg", tol=1e-13, max_iter=100000).fit(Xs, y, sample_weight=sw)
    print(name, "C =", C)
    print("  coef", m.coef_.tolist())
    print("  intercept", m.intercept_.tolist())
    print("  proba row 0", m.predict_proba(Xs[:1]).tolist())
