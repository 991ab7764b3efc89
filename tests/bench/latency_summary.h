// What both load tools report of their latencies: the per-thread samples (microseconds) merged and sorted, and
// percentiles read off them, so the raw-RocksDB limit and qinglingd are summarised the same way.
#pragma once

#include <algorithm>
#include <vector>

namespace qingling::bench {

class LatencySummary {
 public:
  explicit LatencySummary(const std::vector<std::vector<double>>& perThread) {
    for (const auto& samples : perThread) all_.insert(all_.end(), samples.begin(), samples.end());
    std::sort(all_.begin(), all_.end());
  }
  size_t count() const { return all_.size(); }
  // The sample at fraction p (0..1) of the sorted samples; 0 when there are none.
  double at(double p) const {
    if (all_.empty()) return 0;
    return all_[static_cast<size_t>(p * static_cast<double>(all_.size() - 1))];
  }

 private:
  std::vector<double> all_;
};

}  // namespace qingling::bench
