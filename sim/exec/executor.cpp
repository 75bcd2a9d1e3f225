// SPDX-License-Identifier: Apache-2.0
#include "exec/executor.hpp"

#include <simgrid/plugins/energy.h>
#include <simgrid/s4u/Activity.hpp>
#include <simgrid/s4u/Comm.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Exec.hpp>
#include <stdexcept>

namespace sg4 = simgrid::s4u;

namespace cs {

namespace {

// A flow with latency runs in two phases: a delay for the route latency, then the transfer.
enum class Phase { LATENCY, MAIN };

struct Slot {
  int op      = -1;
  Phase phase = Phase::MAIN;
};

class Run {
 public:
  Run(const OpGraph& g, Platform& p)
      : graph_(g)
      , platform_(p)
      , waiting_(g.ops.size())
      , slots_(g.ops.size() * 2)
      , live_(g.ops.size() * 2)
  {
    result_.ops.resize(g.ops.size());
    for (size_t i = 0; i < g.ops.size(); ++i)
      waiting_[i] = g.ops[i].predecessors;
    t0_ = sg4::Engine::get_clock();
  }

  void start_roots()
  {
    std::vector<int> roots;  // before any completes: a zero-length root releases its successors at once
    for (size_t i = 0; i < graph_.ops.size(); ++i)
      if (waiting_[i] == 0)
        roots.push_back(static_cast<int>(i));
    for (int i : roots) {
      const Op& o = graph_.ops[i];
      if (o.kind == OpKind::DELAY && o.amount <= 0) {
        result_.ops[i].start_s = now();
        complete(i);
      } else
        start(i);
    }
  }

  void on_completion(const sg4::Activity& a)
  {
    const Slot* slot = a.get_data<Slot>();
    if (!slot)
      return;
    int op = slot->op;
    // SimGrid still uses the activity after this callback; release it on the next clock advance.
    graveyard_.push_back(std::move(live_[slot - slots_.data()]));
    if (slot->phase == Phase::LATENCY) {
      start_transfer(op);
      return;
    }
    complete(op);
  }

  void bury() { graveyard_.clear(); }

  // An op is done: start the successors it was the last to wait for. Zero-length delays (barriers, joins) complete
  // here without a SimGrid activity, through a work list rather than recursion: every activity SimGrid tracks
  // makes each completion slower (3.32 scans a list of them), and these change no time.
  void complete(int op)
  {
    std::vector<int> work{op};
    while (!work.empty()) {
      const int done = work.back();
      work.pop_back();
      result_.ops[done].end_s = now();
      ++done_;
      for (int next : graph_.ops[done].successors)
        if (--waiting_[next] == 0) {
          const Op& n = graph_.ops[next];
          if (n.kind == OpKind::DELAY && n.amount <= 0) {
            result_.ops[next].start_s = now();
            work.push_back(next);
          } else
            start(next);
        }
    }
  }

  ExecResult finish()
  {
    if (done_ != graph_.ops.size())
      throw std::runtime_error("the op graph has a dependency cycle: " + std::to_string(graph_.ops.size() - done_) +
                               " ops never became ready");
    for (const OpTiming& t : result_.ops)
      result_.makespan_s = std::max(result_.makespan_s, t.end_s);
    return std::move(result_);
  }

 private:
  double now() const { return sg4::Engine::get_clock() - t0_; }

  sg4::ActivityPtr& keep(int op, Phase phase, sg4::ActivityPtr a)
  {
    size_t index  = static_cast<size_t>(op) * 2 + (phase == Phase::LATENCY ? 0 : 1);
    slots_[index] = {op, phase};
    live_[index]  = std::move(a);
    live_[index]->set_data(&slots_[index]);
    return live_[index];
  }

  sg4::ExecPtr delay(double seconds)
  {
    sg4::ExecPtr e = sg4::Exec::init()->set_host(platform_.timer())->set_flops_amount(seconds * DELAY_RATE);
    e->set_bound(DELAY_RATE);
    return e;
  }

  void start(int op)
  {
    const Op& o             = graph_.ops[op];
    result_.ops[op].start_s = now();
    switch (o.kind) {
      case OpKind::COMPUTE: {
        sg4::ExecPtr e = sg4::Exec::init()->set_host(platform_.gpu(o.gpu))->set_flops_amount(o.amount);
        keep(op, Phase::MAIN, e)->start();
        break;
      }
      case OpKind::DELAY:
        keep(op, Phase::MAIN, delay(o.amount))->start();
        break;
      case OpKind::FLOW:
        platform_.ensure_route(o.gpu, o.peer);
        if (o.latency_s > 0)
          keep(op, Phase::LATENCY, delay(o.latency_s))->start();
        else
          start_transfer(op);
        break;
    }
  }

  void start_transfer(int op)
  {
    const Op& o    = graph_.ops[op];
    sg4::CommPtr c = sg4::Comm::sendto_init(platform_.gpu(o.gpu), platform_.gpu(o.peer))
                         ->set_payload_size(static_cast<uint64_t>(o.amount + 0.5));
    keep(op, Phase::MAIN, c)->start();
  }

  const OpGraph& graph_;
  Platform& platform_;
  std::vector<int> waiting_;
  std::vector<Slot> slots_;
  std::vector<sg4::ActivityPtr> live_;
  std::vector<sg4::ActivityPtr> graveyard_;
  ExecResult result_;
  size_t done_ = 0;
  double t0_   = 0;
};

// SimGrid's signals are static and accumulate across engines, so connect once and forward to the current run.
Run* current_run = nullptr;

void connect_signals_once()
{
  static bool connected = false;
  if (connected)
    return;
  connected = true;
  sg4::Activity::on_completion_cb([](const sg4::Activity& a) {
    if (current_run)
      current_run->on_completion(a);
  });
  sg4::Engine::on_time_advance_cb([](double) {
    if (current_run)
      current_run->bury();
  });
}

}  // namespace

ExecResult execute(const OpGraph& graph, Platform& platform, SimEngine& engine)
{
  connect_signals_once();
  Run run(graph, platform);
  current_run = &run;
  struct Reset {
    ~Reset() { current_run = nullptr; }
  } reset;
  run.start_roots();
  engine.run();
  run.bury();
  ExecResult result = run.finish();
  for (int r = 0; r < platform.gpu_count(); ++r)
    result.gpu_energy_J.push_back(sg_host_get_consumed_energy(platform.gpu(r)));
  return result;
}

}  // namespace cs
