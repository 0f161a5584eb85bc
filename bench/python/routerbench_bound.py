"""An in-sample upper bound for one family of RouterBench cascades (issue #4's black-box target).

Family: run a fixed set S of at most five of the eight cheap models on every question; by the pattern of
agreement among their answers (which of them agree with which, not the letters), either answer with one of
them or also ask gpt-4-1106-preview and answer with gpt-4 or with the majority of S and gpt-4. Each
pattern's choice is made on the very rows it is scored on, and the gpt-4 budget is filled fractionally, so
the figure is an optimistic bound for the family on that file, not an achievable score.

Usage: /usr/bin/python3 bench/python/routerbench_bound.py ../shared/data/routerbench-arc/arc_challenge_train.csv
Correctness is each answer letter against the gold letter (the answer of any model marked correct), as in
`stackwise import routerbench`; costs are the files' US-dollar costs. Budget: half of gpt-4's total cost.
"""
import ast
import csv
import itertools
import sys

GPT4 = "gpt-4-1106-preview"
DEAR = {GPT4, "claude-v1", "claude-v2"}


def load(path):
    with open(path, newline="") as f:
        table = list(csv.DictReader(f))
    models = [k for k in table[0] if k and "|" not in k and k not in ("sample_id", "prompt", "eval_name",
                                                                     "oracle_model_to_route_to")]
    rows = []
    for x in table:
        answers, costs, gold = {}, {}, None
        for m in models:
            text = x[m + "|model_response"]
            try:
                a = ast.literal_eval(text) if text else ""
                a = a[0] if isinstance(a, list) and a else a
            except (ValueError, SyntaxError):
                a = text
            answers[m] = str(a or "").strip()
            costs[m] = float(x[m + "|total_cost"] or 0)
            if x[m] == "1.0":
                gold = answers[m]
        rows.append((answers, costs, gold))
    return models, rows


def main(path):
    models, rows = load(path)
    cheap = [m for m in models if m not in DEAR]
    right = lambda row, m: row[2] is not None and row[0][m] == row[2]
    gpt4_cost = sum(r[1][GPT4] for r in rows)
    gpt4_right = sum(right(r, GPT4) for r in rows)
    results = []
    for k in range(1, 6):
        for s in itertools.combinations(cheap, k):
            cost_s = sum(r[1][m] for r in rows for m in s)
            budget = 0.5 * gpt4_cost - cost_s
            if budget < 0:
                continue
            patterns = {}
            for r in rows:
                first = {}
                patterns.setdefault(tuple(first.setdefault(r[0][m], len(first)) for m in s), []).append(r)
            score, gains = 0, []
            for group in patterns.values():
                stop = max(sum(right(r, m) for r in group) for m in s)

                def vote(r):
                    counts = {}
                    for m in s:
                        counts[r[0][m]] = counts.get(r[0][m], 0) + 1
                    counts[r[0][GPT4]] = counts.get(r[0][GPT4], 0) + 1.5  # gpt-4 breaks ties
                    return max(counts, key=counts.get) == r[2]

                ask = max(sum(right(r, GPT4) for r in group), sum(vote(r) for r in group))
                score += stop
                if ask > stop:
                    gains.append((ask - stop, sum(r[1][GPT4] for r in group)))
            spent = 0.0
            for gain, c in sorted(gains, key=lambda g: -g[0] / g[1]):
                take = min(1.0, (budget - spent) / c)
                score += gain * take
                spent += c * take
                if take < 1.0:
                    break
            results.append((score / len(rows), (cost_s + spent) / gpt4_cost, s))
    results.sort(reverse=True)
    print(f"{path}: {len(rows)} questions; gpt-4 accuracy {gpt4_right / len(rows):.4f} at cost 1.00x")
    print("best in-sample bounds of the family within 0.5x gpt-4's cost:")
    for acc, cost, s in results[:5]:
        print(f"  {acc:.4f} at {cost:.2f}x  {', '.join(m.split('/')[-1] for m in s)}")


if __name__ == "__main__":
    main(sys.argv[1])
