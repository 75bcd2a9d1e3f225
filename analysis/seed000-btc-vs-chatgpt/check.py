#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Checks reproduce.py against the values in shared/reference/energy-method.md §1 (recomputed there by hand).
Exits non-zero, naming each mismatch. Run by ctest as analysis/seed000."""
import sys

import reproduce

EXPECTED = {  # reference/energy-method.md §1.1 B5/B7, §1.2 A5/A9/A10/A11/A12 and the intensities, §1.3 table
    "btc_miners": (4116129, 1),
    "btc_kWh_per_day": (2.189e8, 5e4),  # printed to 4 digits
    "train_servers": (1505.54, 0.005),
    "infer_servers": (143.68, 0.005),
    "gpus": (13193.7, 0.05),
    "ai_kWh_per_day": (257278, 1),
    "train_kWh_per_day": (234864, 1),
    "infer_kWh_per_day": (22415, 1),
    "btc_over_ai": (851, 0.5),
    "J_per_inference_token": (0.367, 0.0005),
    "J_per_training_token": (5.07, 0.005),
}
MONTHS = {"pessimistic": (90.05, 60.1, 66.0), "neutral": (48.04, 28.1, 36.9), "optimistic": (19.26, 9.3, 15.8)}


def main():
    failures = []
    inputs = reproduce.load_inputs()
    r = reproduce.compute(inputs)
    for key, (want, tol) in EXPECTED.items():
        if abs(r[key] - want) > tol:
            failures.append("%s: expected %g, found %g" % (key, want, r[key]))
    if abs(r["report_understates_by"] - 10.02) > 0.005:
        failures.append("report_understates_by: expected 10.02, found %g" % r["report_understates_by"])
    scaled = reproduce.compute(inputs, infer_scales=True)
    for name, (formula, corrected, infer_only) in MONTHS.items():
        got = (r["overtake_months"][name]["report_formula"], r["overtake_months"][name]["corrected"],
               scaled["overtake_months"][name]["corrected"])
        for label, want, found, tol in zip(("formula", "corrected", "inference-only"), (formula, corrected, infer_only),
                                           got, (0.005, 0.05, 0.05)):
            if abs(found - want) > tol:
                failures.append("%s %s months: expected %g, found %g" % (name, label, want, found))
    # A PUE multiplies both sides and leaves the ratio alone.
    p = reproduce.compute(inputs, pue=1.5)
    if abs(p["ai_kWh_per_day"] - 1.5 * r["ai_kWh_per_day"]) > 1e-6 * r["ai_kWh_per_day"]:
        failures.append("--pue 1.5 does not scale the AI energy by 1.5")
    # The dense peak halves usable FLOP/s, so it doubles the servers.
    d = reproduce.compute(inputs, dense=True)
    if abs(d["train_servers"] - 2 * r["train_servers"]) > 1e-9 * r["train_servers"]:
        failures.append("--dense does not double the training servers")
    for f in failures:
        print("FAIL", f)
    checks = len(EXPECTED) + 1 + 3 * len(MONTHS) + 2
    print("seed000: %d passed, %d failed" % (checks - len(failures), len(failures)))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
