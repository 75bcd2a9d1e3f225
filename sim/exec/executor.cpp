// SPDX-License-Identifier: Apache-2.0
#include "exec/executor.hpp"

#include <deque>
#include <functional>
#include <simgrid/plugins/energy.h>
#include <simgrid/s4u/Activity.hpp>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Comm.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Exec.hpp>
#include <simgrid/s4u/Mailbox.hpp>
#include <stdexcept>
#include <string>

namespace sg4 = simgrid::s4u;

namespace cs {

namespace {

// Two ways to carry an op, because SimGrid 3.32 files every activity under the actor that created it and, at
// completion, removes it from that actor's std::list by a full scan (reference/simgrid-3.32.md §6).
//
// - From maestro, without actors: activities started in the engine's completion signal. Cheapest per op (about 1.5 µs,
//   no context switch), but they all share maestro's list, and so does every Comm::sendto whoever starts it: each
//   completion also pays about 1 ns per activity in flight. A DeepSeek-V3 step on 2,048 GPUs keeps 17,000 in flight,
//   and the scans took 70% of its run.
// - In a worker actor that owns just that op's activity; a flow is then a mailbox put from a worker on the source GPU
//   to a receiver on the destination GPU. The list stays short, but context switches cost about 8-10 µs per op.
//
// So a run starts in maestro and hands every op to workers from the moment the crowd is lasting: WORKER_MODE_AT
// (executor.hpp) or more in flight, after as many completed in such a crowd. A burst that drains at once, such as
// the 16,384 flows of an 8-channel ring all-reduce over 8,192 GPUs, gains nothing from workers; a training step, whose
// pipeline keeps thousands of flows in flight for its whole length, does. Measured over the benchmarks
// (docs/performance.md): from 8,192 down to 1,024 the collectives take the same time and the training presets 1.3 to
// 3 times less; at 512 the collective tuner's sweep is 60% slower, and with workers from the start small training
// runs are. The switch is one-way: a worker cannot start activities in maestro's name. Both carriers start an op at
// the instant it becomes ready.

// Workers are pooled per host: an actor per op would cost a stack per op. Their stacks hold a few frames of this file,
// SimGrid's simcall path and the energy plugin's callbacks; SimGrid's default is 8 MiB per actor, and the peak can be
// tens of thousands of workers. Actor::set_stacksize takes KiB.
constexpr unsigned WORKER_STACK_KiB = 128;

// A maestro-carried flow with latency runs in two phases: a delay for the route latency, then the transfer.
enum class Phase { LATENCY, MAIN };

struct Slot {
  int op      = -1;
  Phase phase = Phase::MAIN;
};

class Run;

// A set of op indices with constant-time insert and erase, iterated in no particular order.
class IndexSet {
 public:
  void resize(size_t n) { at_.assign(n, -1); }
  void insert(int i)
  {
    if (at_[i] >= 0)
      return;
    at_[i] = static_cast<int>(items_.size());
    items_.push_back(i);
  }
  void erase(int i)
  {
    if (at_[i] < 0)
      return;
    const int last = items_.back();
    items_[at_[i]] = last;
    at_[last]      = at_[i];
    at_[i]         = -1;
    items_.pop_back();
  }
  size_t size() const { return items_.size(); }
  const std::vector<int>& items() const { return items_; }

 private:
  std::vector<int> items_;
  std::vector<int> at_;  // by index: its place in items_, or -1
};

struct Worker {
  Run* run  = nullptr;
  int host  = 0;  // Run::host() index
  int op    = -1;
  bool quit = false;
  sg4::ActorPtr actor;  // suspended while idle: cheaper to wake than a semaphore, which makes an activity per wait
  sg4::CommPtr comm;    // the transfer it waits on, if any: ghosts read what is left of it
};

class Run {
 public:
  Run(const OpGraph& g, Platform& p, int worker_mode_at, const std::vector<int>& twin)
      : graph_(g)
      , graph_ops_(static_cast<int>(g.ops.size()))
      , platform_(p)
      , worker_mode_at_(worker_mode_at)
      , waiting_(g.ops.size())
      , live_(g.ops.size() * 2)
      , idle_(static_cast<size_t>(p.gpu_count()) + 1)
      , receivers_(static_cast<size_t>(p.gpu_count()), nullptr)
  {
    result_.ops.resize(g.ops.size());
    for (size_t i = 0; i < g.ops.size(); ++i)
      waiting_[i] = g.ops[i].predecessors;
    t0_           = sg4::Engine::get_clock();
    size_t ghosts = 0;  // at most: maestro's slots must never move, since activities point at them
    if (!twin.empty()) {
      result_.ghosted = true;
      copies_         = fold_copies(twin);
      role_.resize(g.ops.size());
      ghosted_.assign(g.ops.size(), false);
      bare_.resize(g.ops.size());
      carrier_.assign(g.ops.size(), nullptr);
      for (size_t i = 0; i < g.ops.size(); ++i) {
        const Op& o = g.ops[i];
        role_[i]    = flow_role(g, static_cast<int>(i));
        if (role_[i] == FlowRole::PIPELINE)
          ghosts += std::min(copies_[o.gpu].size(), copies_[o.peer].size());
      }
    }
    slots_.reserve((g.ops.size() + ghosts) * 2);
    slots_.resize(g.ops.size() * 2);
  }

  // From maestro, before the engine runs.
  void start_roots()
  {
    std::vector<int> roots;  // before any completes: a zero-length root releases its successors at once
    for (size_t i = 0; i < graph_.ops.size(); ++i)
      if (waiting_[i] == 0)
        roots.push_back(static_cast<int>(i));
    for (int i : roots) {
      if (is_barrier(i)) {
        result_.ops[i].start_s = now();
        for (int next : complete(i))
          dispatch(next);
      } else
        dispatch(i);
    }
  }

  // SimGrid's completion signal, in maestro, for the activities maestro started.
  void on_completion(const sg4::Activity& a)
  {
    const Slot* slot = a.get_data<Slot>();
    const std::less<const Slot*> before;  // `<` on unrelated pointers is unspecified; std::less is a total order
    if (before(slot, slots_.data()) || !before(slot, slots_.data() + slots_.size()))
      return;  // a worker's activity (the signal fires for those too, in the worker)
    const int op = slot->op;
    // SimGrid still uses the activity after this callback; release it on the next clock advance.
    graveyard_.push_back(std::move(live_[static_cast<size_t>(slot - slots_.data())]));
    if (slot->phase == Phase::LATENCY) {
      start_transfer(op);
      return;
    }
    if (in_maestro_ > worker_mode_at_)
      ++crowded_completions_;
    --in_maestro_;
    for (int next : complete(op))
      dispatch(next);
    if (idle())
      dismiss_workers();
  }

  void bury() { graveyard_.clear(); }

  // The body of every worker actor: run the op it holds, release its successors, keep one that runs on the same host
  // (no wake-up needed), and otherwise sleep in the pool until handed another.
  void work(Worker& w)
  {
    for (;;) {
      run_in_worker(w);
      int next = -1;
      for (int ready : complete(w.op)) {
        if (next < 0 && host_of(ready) == w.host)
          next = ready;
        else
          dispatch(ready);
      }
      if (next >= 0) {
        ++result_.ops_in_workers;
        result_.ops[next].start_s = now();
        w.op                      = next;
        if (!carrier_.empty())
          carrier_[next] = &w;
        on_start(next);
        continue;
      }
      --in_workers_;
      if (idle()) {
        dismiss_workers();
        return;
      }
      idle_[w.host].push_back(&w);
      sg4::this_actor::suspend();
      if (w.quit)
        return;
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

  // Graph ops first, then ghosts.
  const Op& op_at(int i) const { return i < graph_ops_ ? graph_.ops[i] : ghost_ops_[i - graph_ops_]; }

  bool is_barrier(int op) const { return graph_.ops[op].kind == OpKind::DELAY && graph_.ops[op].amount <= 0; }

  // --- ghosts (executor.hpp) ---

  // A graph op starts. Ghosts run in windows: the first gradient flow to start opens one, and it stays open while
  // gradient flows or ghosts run; each pipeline flow starting inside one brings its ghosts. Outside the windows only
  // pipeline traffic moves, each unit on links of its own, with no ghost to keep pace with its twin, so the folded
  // units need no stand-ins; a pipeline flow starting then is kept as bare, and gets its ghosts, for what it has
  // left, if a window opens while it runs.
  void on_start(int op)
  {
    if (copies_.empty())
      return;
    if (role_[op] == FlowRole::GRADIENT) {
      ++gradients_running_;
      if (!window_open_)
        open_window();
    } else if (role_[op] == FlowRole::PIPELINE) {
      if (window_open_)
        spawn_ghosts(op, graph_.ops[op].latency_s, graph_.ops[op].amount);
      else
        bare_.insert(op);
    }
  }

  // A graph op or a ghost ended (complete() calls this before releasing any successor).
  void on_end(int op)
  {
    if (copies_.empty())
      return;
    if (op >= graph_ops_)
      --ghosts_running_;
    else if (role_[op] == FlowRole::PIPELINE)
      bare_.erase(op);
    else if (role_[op] == FlowRole::GRADIENT)
      --gradients_running_;
    if (window_open_ && gradients_running_ == 0 && ghosts_running_ == 0) {
      window_open_                      = false;
      result_.ghost_windows.back().to_s = now();
    }
  }

  // Ghosts for the bare pipeline flows in flight, for what each has left: since the last window no gradient traffic
  // ran, so the folded units' copies are exactly as far along. In flight means started and not ended, whoever carries
  // it: an op handed to a worker that has not run yet counts too. The list is taken before any ghost starts, because
  // starting one from a worker yields to maestro, and other workers then run (at this same instant) and start or end
  // ops of their own.
  void open_window()
  {
    window_open_ = true;
    result_.ghost_windows.push_back({now(), -1});
    struct Left {
      int op;
      double latency_s, bytes;
    };
    std::vector<Left> in_flight;
    in_flight.reserve(bare_.size());
    for (int op : bare_.items()) {
      const OpTiming& t = result_.ops[op];
      const size_t i    = static_cast<size_t>(op) * 2;
      const Worker* w   = carrier_[op];
      if (live_[i + 1])
        in_flight.push_back({op, 0, live_[i + 1]->get_remaining()});
      else if (w && w->op == op && w->comm)
        in_flight.push_back({op, 0, w->comm->get_remaining()});
      else  // waiting out its latency, or not begun
        in_flight.push_back({op, std::max(0.0, t.start_s + graph_.ops[op].latency_s - now()), graph_.ops[op].amount});
    }
    std::sort(in_flight.begin(), in_flight.end(), [](const Left& a, const Left& b) { return a.op < b.op; });
    for (const Left& l : in_flight)
      spawn_ghosts(l.op, l.latency_s, l.bytes);
  }

  // Once per pipeline flow: the ghosts' slots were reserved for exactly that, and maestro's activities point at them.
  void spawn_ghosts(int op, double latency_s, double bytes)
  {
    if (ghosted_[op])
      return;
    ghosted_[op] = true;
    bare_.erase(op);
    const Op& o = graph_.ops[op];
    for (size_t k = 0; k < copies_[o.gpu].size() && k < copies_[o.peer].size(); ++k) {
      if (slots_.size() + 2 > slots_.capacity())
        throw std::logic_error("replica folding: more ghosts than reserved");
      Op g        = flow_op(copies_[o.gpu][k], copies_[o.peer][k], bytes, latency_s, o.span);
      const int i = graph_ops_ + static_cast<int>(ghost_ops_.size());
      ghost_ops_.push_back(std::move(g));
      result_.ghosts.push_back({op, static_cast<int>(k) + 1, -1});
      ++ghosts_running_;
      slots_.emplace_back();
      slots_.emplace_back();
      live_.emplace_back();
      live_.emplace_back();
      if (worker_mode_)
        hand_to_worker(i);
      else
        start_in_maestro(i);
    }
  }

  // Nothing runs and nothing can start: every op is done, or the rest wait on a cycle.
  bool idle() const { return in_maestro_ == 0 && in_workers_ == 0; }

  // An op is done: returns the successors it was the last to wait for. Zero-length delays (barriers, joins) complete
  // here without running anything, through a work list rather than recursion.
  std::vector<int> complete(int op)
  {
    if (op >= graph_ops_) {  // a ghost feeds nothing
      result_.ghosts[static_cast<size_t>(op - graph_ops_)].end_s = now();
      on_end(op);
      return {};
    }
    std::vector<int> ready;
    std::vector<int> work{op};
    while (!work.empty()) {
      const int done = work.back();
      work.pop_back();
      result_.ops[done].end_s = now();
      ++done_;
      on_end(done);
      for (int next : graph_.ops[done].successors)
        if (--waiting_[next] == 0) {
          if (is_barrier(next)) {
            result_.ops[next].start_s = now();
            work.push_back(next);
          } else
            ready.push_back(next);
        }
    }
    return ready;
  }

  // Before the switch no worker exists, so every caller is maestro; after it, every op goes to a worker.
  void dispatch(int op)
  {
    result_.ops[op].start_s = now();
    if (!worker_mode_ && in_maestro_ >= worker_mode_at_ && crowded_completions_ >= worker_mode_at_)
      enter_worker_mode();
    if (!worker_mode_)
      start_in_maestro(op);
    else {
      ++result_.ops_in_workers;
      hand_to_worker(op);
    }
    on_start(op);
  }

  // --- maestro carrier ---

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

  void start_in_maestro(int op)
  {
    ++in_maestro_;
    const Op& o = op_at(op);
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
    const Op& o    = op_at(op);
    sg4::CommPtr c = sg4::Comm::sendto_init(platform_.gpu(o.gpu), platform_.gpu(o.peer))
                         ->set_payload_size(static_cast<uint64_t>(o.amount + 0.5));
    keep(op, Phase::MAIN, c)->start();
  }

  // --- worker carrier ---

  // Compute runs beside its GPU and a flow leaves from its source GPU (a mailbox comm starts at the sender actor's
  // host); a delay uses no resource and waits on the timer host.
  int host_of(int op) const
  {
    const Op& o = op_at(op);
    return o.kind == OpKind::DELAY ? platform_.gpu_count() : o.gpu;
  }
  sg4::Host* host(int index) const { return index == platform_.gpu_count() ? platform_.timer() : platform_.gpu(index); }

  // To an idle worker on the op's host, or to a new one.
  void hand_to_worker(int op)
  {
    const int h = host_of(op);
    ++in_workers_;
    Worker* w = nullptr;
    if (!idle_[h].empty()) {
      w = idle_[h].back();
      idle_[h].pop_back();
    } else {
      w       = &workers_.emplace_back();
      w->run  = this;
      w->host = h;
    }
    w->op = op;
    if (op < graph_ops_ && !carrier_.empty())
      carrier_[op] = w;
    if (w->actor) {
      w->actor->resume();
      return;
    }
    w->actor = sg4::Actor::init("worker", host(h))->set_stacksize(WORKER_STACK_KiB)->start([w] { w->run->work(*w); });
  }

  void dismiss_workers()
  {
    for (auto& pool : idle_) {
      for (Worker* w : pool) {
        w->quit = true;
        w->actor->resume();
      }
      pool.clear();
    }
  }

  // Runs one op to its end, blocking the calling worker.
  void run_in_worker(Worker& w)
  {
    const Op& o = op_at(w.op);
    switch (o.kind) {
      case OpKind::COMPUTE: {
        sg4::ExecPtr e = sg4::Exec::init()->set_host(platform_.gpu(o.gpu))->set_flops_amount(o.amount);
        e->wait();
        break;
      }
      case OpKind::DELAY:
        sg4::this_actor::sleep_for(o.amount);
        break;
      case OpKind::FLOW:
        platform_.ensure_route(o.gpu, o.peer);
        if (o.latency_s > 0)
          sg4::this_actor::sleep_for(o.latency_s);
        static int token;  // mailbox payloads must be non-null; nothing reads them
        w.comm = receivers_[o.peer]->put_async(&token, static_cast<uint64_t>(o.amount + 0.5));
        w.comm->wait();
        w.comm = nullptr;
        break;
    }
  }

  // A GPU's mailbox has a permanent receiver on that GPU, so a put starts at once, as a one-sided RDMA write does. The
  // receiver only drains finished transfers (each holds its comm until taken); as a daemon it ends with the workers.
  // All are made here, in maestro, where SimGrid's calls run at once: a worker making one would yield inside each
  // call, and another worker could make a second receiver, or put before the receiver is set (a put into a mailbox
  // without one waits for a get, so its transfer would start late).
  void enter_worker_mode()
  {
    worker_mode_     = true;
    auto receiver_on = [&](int gpu) {
      if (receivers_[gpu])
        return;
      sg4::Mailbox* box = sg4::Mailbox::by_name("gpu" + std::to_string(gpu) + "-rx");
      sg4::ActorPtr drain =
          sg4::Actor::init("receiver", platform_.gpu(gpu))->set_stacksize(WORKER_STACK_KiB)->start([box] {
            for (;;)
              box->get<int>();
          });
      drain->daemonize();
      box->set_receiver(drain);
      receivers_[gpu] = box;
    };
    for (size_t i = 0; i < graph_.ops.size(); ++i) {
      const Op& o = graph_.ops[i];
      if (o.kind != OpKind::FLOW)
        continue;
      receiver_on(o.peer);
      if (!role_.empty() && role_[i] == FlowRole::PIPELINE)  // and where its ghosts arrive
        for (int copy : copies_[o.peer])
          receiver_on(copy);
    }
  }

  const OpGraph& graph_;
  const int graph_ops_;
  Platform& platform_;
  const int worker_mode_at_;
  std::vector<int> waiting_;
  // maestro carrier
  std::vector<Slot> slots_;
  std::vector<sg4::ActivityPtr> live_;
  std::vector<sg4::ActivityPtr> graveyard_;
  int in_maestro_           = 0;
  long crowded_completions_ = 0;  // completed while more than worker_mode_at_ were in flight
  bool worker_mode_         = false;
  // worker carrier
  std::deque<Worker> workers_;              // stable addresses: actors hold references
  std::vector<std::vector<Worker*>> idle_;  // by host index; the timer host is last
  std::vector<sg4::Mailbox*> receivers_;    // by GPU, made when workers take over
  int in_workers_ = 0;

  // ghosts
  std::vector<std::vector<int>> copies_;  // by simulated GPU: its copies in the folded units, in unit order
  std::vector<FlowRole> role_;            // by graph op
  std::vector<bool> ghosted_;             // by graph op: its ghosts have been started
  bool window_open_      = false;
  int gradients_running_ = 0;  // gradient flows started and not ended
  int ghosts_running_    = 0;
  IndexSet bare_;                 // pipeline flows in flight without ghosts, started outside the windows
  std::vector<Worker*> carrier_;  // by graph op: the worker it was last handed to, if any
  std::deque<Op> ghost_ops_;      // stable addresses: workers hold references

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

ExecResult execute(const OpGraph& graph, Platform& platform, SimEngine& engine, int worker_mode_at,
                   const std::vector<int>& twin)
{
  connect_signals_once();
  Run run(graph, platform, worker_mode_at, twin);
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
