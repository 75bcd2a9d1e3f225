// SPDX-License-Identifier: Apache-2.0
// Merging a sweep's per-point results into one table: results.csv and results.sqlite.
#pragma once

#include <string>

namespace cs {

struct CollectTally {
  int ok = 0, failed = 0, columns = 0;
};

// Reads DIR/points/*/ (point.json + summary.json) and DIR/failed/*.json; writes DIR/results.csv and
// DIR/results.sqlite (table `results`), one row per point, ordered by point index. Columns: id, index, status,
// error, one per axis (its value label), then every number and string of summary.json by dotted path (per-GPU
// lists left out). Both files are replaced atomically. SQLite is written here, by one process, never by the
// sweep's workers: its locking is unsafe on NFS and Lustre.
CollectTally collect_sweep(const std::string& dir);

}  // namespace cs
