#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Recompute seed 000's Bitcoin-vs-ChatGPT energy figures from the report's own inputs.

Prints every step, the report's printed figure next to what its inputs give, and the projection of 图表 4 with the
report's energy and with the corrected one. Options make each hidden assumption explicit:
  --pue X            multiply both sides' energy by a facility PUE (the report uses 1)
  --dense            use A100's dense FP16 peak (312 TFLOPS) instead of the sparse 624 the report uses
  --infer-scales     in the projection, scale only inference with users (the report scales training too)
  --json             machine-readable output
"""
import argparse
import json
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def load_inputs():
    # The report's own inputs, as printed (transcribed from shared/reference/energy-method.md §1).
    with open(os.path.join(HERE, "inputs.json"), encoding="utf-8") as f:
        return json.load(f)


def compute(inp, pue=1.0, dense=False, infer_scales=False):
    out = {}
    b = inp["btc"]
    th = sum(m["share"] * m["THs"] for m in b["fleet"])
    watts = sum(m["share"] * m["W"] for m in b["fleet"])
    miners = b["network_hashrate_THs"] / th
    out["btc_miners"] = miners
    out["btc_kWh_per_day"] = miners * watts * 24 / 1000 * pue

    c = inp["chatgpt"]
    peak = c["gpu_peak_flops"] / (2 if dense and c["gpu_peak_is_sparse"] else 1)
    t, i = c["train"], c["infer"]
    train_tokens_s = t["runs_per_month"] * t["tokens_per_run"] / (t["days_per_month"] * 86400)
    train_servers = t["flops_per_param_token"] * t["params"] * train_tokens_s / (c["server_gpus"] * peak * t["mfu"])
    words = i["dau"] * i["questions_per_user"] * (i["words_per_question"] + i["answers_per_question"] * i["words_per_answer"])
    infer_tokens_s = words * i["tokens_per_word"] / 86400
    infer_servers = i["flops_per_param_token"] * i["params_active"] * infer_tokens_s / (c["server_gpus"] * peak * i["mfu"])
    kw = c["server_power_W"] / 1000
    out.update({
        "train_servers": train_servers,
        "infer_servers": infer_servers,
        "gpus": (train_servers + infer_servers) * c["server_gpus"],
        "train_kWh_per_day": train_servers * kw * 24 * pue,
        "infer_kWh_per_day": infer_servers * kw * 24 * pue,
    })
    out["ai_kWh_per_day"] = out["train_kWh_per_day"] + out["infer_kWh_per_day"]
    out["report_kWh_per_day"] = c["report_kWh_per_day"]
    out["report_understates_by"] = out["ai_kWh_per_day"] / c["report_kWh_per_day"]
    out["btc_over_ai"] = out["btc_kWh_per_day"] / out["ai_kWh_per_day"]
    out["J_per_inference_token"] = out["infer_kWh_per_day"] * 3.6e6 / (infer_tokens_s * 86400)
    out["J_per_training_token"] = out["train_kWh_per_day"] * 3.6e6 / (train_tokens_s * 86400)

    p = inp["projection"]
    months = {}
    for name, s in p["scenarios"].items():
        users = s["dau"] / p["baseline_dau"]

        def months_to(e0_train, e0_infer):
            today = s["models"] * (e0_train + e0_infer * users) if infer_scales else s["models"] * (e0_train + e0_infer) * users
            return s["doubling_months"] * math.log2(p["E_btc_kWh_per_day"] / today)

        months[name] = {
            "report_formula": months_to(c["report_kWh_per_day"], 0) if not infer_scales else None,
            "corrected": months_to(out["train_kWh_per_day"], out["infer_kWh_per_day"]),
        }
    out["overtake_months"] = months
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pue", type=float, default=1.0)
    ap.add_argument("--dense", action="store_true")
    ap.add_argument("--infer-scales", action="store_true")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    if a.pue < 1:
        sys.exit("error: --pue: expected a number of at least 1, found %g" % a.pue)
    r = compute(load_inputs(), a.pue, a.dense, a.infer_scales)
    if a.json:
        print(json.dumps(r, indent=2, sort_keys=True))
        return
    print("Bitcoin:  %.0f miners, %.4g kWh/day" % (r["btc_miners"], r["btc_kWh_per_day"]))
    print("ChatGPT:  %.2f training + %.2f inference DGX A100 = %.1f GPUs" % (r["train_servers"], r["infer_servers"], r["gpus"]))
    print("          %.0f kWh/day (training %.0f, inference %.0f)" % (r["ai_kWh_per_day"], r["train_kWh_per_day"], r["infer_kWh_per_day"]))
    print("          the report prints %d kWh/day: %.2f× less than its own inputs give" % (r["report_kWh_per_day"], r["report_understates_by"]))
    print("          %.3f J per inference token, %.2f J per training token" % (r["J_per_inference_token"], r["J_per_training_token"]))
    print("BTC / AI: %.0f" % r["btc_over_ai"])
    for name, m in r["overtake_months"].items():
        rep = "" if m["report_formula"] is None else "report's formula %.2f, " % m["report_formula"]
        print("overtakes Bitcoin (%s): %scorrected %.1f months" % (name, rep, m["corrected"]))


if __name__ == "__main__":
    main()
