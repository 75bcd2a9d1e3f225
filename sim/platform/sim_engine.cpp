// SPDX-License-Identifier: Apache-2.0
#include "platform/sim_engine.hpp"

#include <simgrid/plugins/energy.h>
#include <simgrid/s4u/Engine.hpp>
#include <string>
#include <vector>
#include <xbt/log.h>

namespace cs {

struct SimEngine::Impl {
  std::unique_ptr<simgrid::s4u::Engine> engine;
};

SimEngine::SimEngine()
    : impl_(std::make_unique<Impl>())
{
  // SimGrid's default model (LV08) scales bandwidth by 0.97 and latency by 13.01, adds a 5% reverse flow per
  // transfer, and caps each flow at TCP-gamma / (2·latency): 8% to 192% slower than the hardware on our collectives
  // (reference/simgrid-3.32.md §6). CM02 without cross-traffic or gamma makes a link deliver its rated bandwidth;
  // efficiency factors belong in the catalog, where users see them. The model is fixed by the first engine of a
  // process, so only that one passes it.
  static bool configured = false;
  // exec/ runs ops in many small worker actors. A guard page per actor stack costs an mprotect and two kernel memory
  // mappings each, and tens of thousands of workers would exceed Linux's default limit of 65,530 mappings; the
  // workers' call depth is fixed and shallow (exec/executor.cpp sizes their stacks).
  std::vector<std::string> args = {"clustersim", "--log=root.thres:critical", "--cfg=contexts/guard-size:0"};
#ifdef CLUSTERSIM_THREAD_CONTEXTS
  // Under AddressSanitizer: one system thread per actor, which the sanitizer understands, instead of raw contexts.
  args.push_back("--cfg=contexts/factory:thread");
#endif
  if (!configured) {
    args.insert(args.end(), {"--cfg=network/model:CM02", "--cfg=network/crosstraffic:0", "--cfg=network/TCP-gamma:0"});
  }
  std::vector<char*> argv;
  for (auto& a : args)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  int argc = static_cast<int>(args.size());
  xbt_log_control_set("root.thres:critical");
  impl_->engine = std::make_unique<simgrid::s4u::Engine>(&argc, argv.data());
  if (!configured) {
    sg_host_energy_plugin_init();  // once per process; must precede host creation
    configured = true;
  }
}

SimEngine::~SimEngine() = default;

double SimEngine::clock()
{
  return simgrid::s4u::Engine::get_clock();
}

void SimEngine::run()
{
  impl_->engine->run();
}

}  // namespace cs
