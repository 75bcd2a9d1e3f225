// SPDX-License-Identifier: Apache-2.0
// Topology YAML -> ClusterSpec. The format is documented in docs/yaml-format.md.
#include <fmt/format.h>

#include "catalog/builtin.hpp"
#include "collective/collective_op.hpp"
#include "config/reader.hpp"
#include "config/spec_readers.hpp"

namespace cs {

namespace {

// No source gives per-link latencies. These are assumptions, overridable per link in YAML:
// one NVLink hop into the NVSwitch, one PCIe hop GPU -> NIC, one cable plus switch port on the fabric.
constexpr double SCALE_UP_LATENCY_ASSUMED_s  = 0.25e-6;
constexpr double HOST_LINK_LATENCY_ASSUMED_s = 0.25e-6;
constexpr double FABRIC_LATENCY_ASSUMED_s    = 0.5e-6;
// PCIe 5.0 x16: 128 GB/s bidirectional = 64 GB/s per direction, reference/hardware.md §1.2 H100 row [seed 001].
constexpr double PCIE5_X16_Bps = 64e9;

// A part is either the name of a built-in preset or a map `{preset: name, <field>: <override>...}`.
template <class Part>
Part read_part(const MapReader& parent, const std::string& key, const char* kind,
               const Part* (*lookup)(const std::string&), std::vector<std::string> (*names)(),
               const std::string& fallback)
{
  std::string preset = fallback;
  YAML::Node n       = parent.node(key);
  std::optional<MapReader> fields;
  if (n.IsDefined() && n.IsMap()) {
    fields.emplace(parent.map(key));
    preset = fields->string_or("preset", fallback);
  } else if (parent.has(key))
    preset = parent.string(key);
  const Part* part = lookup(preset);
  if (!part)
    parent.fail_unknown(fields ? key + ".preset" : key, kind, preset, names());
  return *part;
}

GpuSpec read_gpu(const MapReader& node, const std::string& fallback)
{
  GpuSpec gpu  = read_part<GpuSpec>(node, "gpu", "GPU", builtin_gpu, builtin_gpu_names, fallback);
  YAML::Node n = node.node("gpu");
  if (n.IsDefined() && n.IsMap()) {
    MapReader f = node.map("gpu");
    f.has("preset");
    gpu.fp8_flops            = f.quantity_or("fp8", Quantity::FLOP_RATE, gpu.fp8_flops);
    gpu.bf16_flops           = f.quantity_or("bf16", Quantity::FLOP_RATE, gpu.bf16_flops);
    gpu.tf32_flops           = f.quantity_or("tf32", Quantity::FLOP_RATE, gpu.tf32_flops);
    gpu.fp32_flops           = f.quantity_or("fp32", Quantity::FLOP_RATE, gpu.fp32_flops);
    gpu.fp64_flops           = f.quantity_or("fp64", Quantity::FLOP_RATE, gpu.fp64_flops);
    gpu.hbm_bytes            = f.quantity_or("hbm", Quantity::BYTES, gpu.hbm_bytes);
    gpu.hbm_bw_Bps           = f.quantity_or("hbm_bw", Quantity::BANDWIDTH, gpu.hbm_bw_Bps);
    gpu.scale_up_bw_Bps      = f.quantity_or("scale_up_bw", Quantity::BANDWIDTH, gpu.scale_up_bw_Bps);
    gpu.tdp_W                = f.quantity_or("tdp", Quantity::POWER, gpu.tdp_W);
    gpu.idle_W               = f.quantity_or("idle", Quantity::POWER, gpu.idle_W);
    gpu.comm_W               = f.quantity_or("comm", Quantity::POWER, gpu.comm_W);
    gpu.gemm_efficiency      = f.number_or("gemm_efficiency", gpu.gemm_efficiency, 0.01, 1.0);
    gpu.fp8_gemm_efficiency  = f.number_or("fp8_gemm_efficiency", gpu.fp8_gemm_efficiency, 0.01, 1.0);
    gpu.attention_efficiency = f.number_or("attention_efficiency", gpu.attention_efficiency, 0.01, 1.0);
    gpu.hbm_efficiency       = f.number_or("hbm_efficiency", gpu.hbm_efficiency, 0.01, 1.0);
    gpu.sms                  = static_cast<int>(f.integer_or("sms", gpu.sms, 1, 100000));
    gpu.name                 = f.string_or("name", gpu.name);  // a new part, starting from the preset
    // DVFS: `pstates: [{speed: 0.8, power: 520W}, ...]`, slower operating points below full speed at TDP.
    for (const MapReader& p : f.maps("pstates")) {
      PState ps{p.number("speed", 0.01, 1), p.quantity("power", Quantity::POWER)};
      if (ps.power_W > gpu.tdp_W || ps.power_W < gpu.idle_W)
        p.fail(ErrorKind::VALUE, "power",
               fmt::format("expected a power between idle ({:g} W) and TDP ({:g} W), found {:g} W", gpu.idle_W,
                           gpu.tdp_W, ps.power_W));
      gpu.pstates.push_back(ps);
      p.finish();
    }
    if (f.has("tdp") || f.has("idle") || f.has("fp8") || f.has("bf16"))
      gpu.source += "; overridden in YAML";
    if (gpu.idle_W > gpu.tdp_W)
      f.fail(ErrorKind::VALUE, f.has("idle") ? "idle" : "tdp",
             fmt::format("idle power ({:g} W) must not exceed TDP ({:g} W)", gpu.idle_W, gpu.tdp_W));
    f.finish();
  }
  return gpu;
}

LinkSpec read_link(const MapReader& parent, const std::string& key, LinkSpec fallback)
{
  auto m = parent.map_if_present(key);
  if (!m)
    return fallback;
  // `technology: ib-ndr` supplies the rate; an explicit `bw` still wins.
  if (m->has("technology")) {
    std::string name        = m->string("technology");
    const LinkTechnology* t = builtin_link_technology(name);
    if (!t)
      m->fail_unknown("technology", "link technology", name, builtin_link_technology_names());
    fallback.bw_Bps     = t->bw_Bps;
    fallback.efficiency = t->efficiency;
  }
  LinkSpec l;
  l.bw_Bps     = m->quantity_or("bw", Quantity::BANDWIDTH, fallback.bw_Bps);
  l.latency_s  = m->quantity_or("latency", Quantity::TIME, fallback.latency_s);
  l.efficiency = m->number_or("efficiency", fallback.efficiency, 0.01, 1.0);
  if (l.bw_Bps <= 0)
    m->fail(ErrorKind::VALUE, "bw", "expected a bandwidth above zero");
  m->finish();
  return l;
}

SwitchSpec read_switch(const MapReader& r, const std::string& key, const SwitchSpec& fallback);

// `efficiency: {ring: 0.9, tree: ll128}`: per algorithm, a payload fraction or a wire protocol of the catalog.
CollectiveTuning read_collective_tuning(const MapReader& eff)
{
  CollectiveTuning t;
  for (const std::string& algo : collective_algo_names()) {
    if (!eff.has(algo))
      continue;
    double number = 0;
    if (YAML::convert<double>::decode(eff.node(algo), number)) {
      t.efficiency[algo] = eff.number(algo, 0.01, 1.0);
      continue;
    }
    const std::string name       = eff.string(algo);
    const WireProtocol* protocol = builtin_wire_protocol(name);
    if (!protocol)
      eff.fail_unknown(algo, "wire protocol (or a number between 0.01 and 1)", name, builtin_wire_protocol_names());
    t.efficiency[algo] = protocol->payload_fraction;
  }
  eff.finish();
  return t;
}

NodeSpec read_node(const MapReader& r)
{
  // A template fills in the GPU, its count, the NICs; any key given next to it wins.
  NodeTemplate t{"", "h100-sxm", 8, 8, "cx7-400g", "", "", 0, 0};
  if (r.has("template")) {
    std::string name          = r.string("template");
    const NodeTemplate* found = builtin_node(name);
    if (!found)
      r.fail_unknown("template", "node template", name, builtin_node_names());
    t = *found;
  }
  NodeSpec n;
  n.gpu       = read_gpu(r, t.gpu);
  n.gpus      = static_cast<int>(r.integer_or("gpus", t.gpus, 1, 1024));
  n.scale_up  = read_link(r, "scale_up", {n.gpu.scale_up_bw_Bps, SCALE_UP_LATENCY_ASSUMED_s});
  n.host_link = read_link(r, "host_link", {PCIE5_X16_Bps, HOST_LINK_LATENCY_ASSUMED_s});
  n.nics      = static_cast<int>(r.integer_or("nics", r.has("gpus") ? n.gpus : t.nics, 1, 1024));
  n.nic       = read_part<NicSpec>(r, "nic", "NIC", builtin_nic, builtin_nic_names, t.nic);
  if (YAML::Node nic = r.node("nic"); nic.IsDefined() && nic.IsMap()) {
    MapReader f = r.map("nic");
    f.has("preset");
    n.nic.bw_Bps  = f.quantity_or("bw", Quantity::BANDWIDTH, n.nic.bw_Bps);
    n.nic.power_W = f.quantity_or("power", Quantity::POWER, n.nic.power_W);
    f.finish();
  }
  // The operating point: `gpu_pstate: k`, or `power_cap: 500W` for the fastest point at or under the cap.
  n.gpu_pstate = static_cast<int>(r.integer_or("gpu_pstate", 0, 0, static_cast<long>(n.gpu.pstates.size())));
  if (r.has("power_cap")) {
    const double cap = r.quantity("power_cap", Quantity::POWER);
    int best         = -1;
    for (int k = 0; k <= static_cast<int>(n.gpu.pstates.size()); ++k)
      if (pstate_power_W(n.gpu, k) <= cap &&
          (best < 0 || pstate_speed_fraction(n.gpu, k) > pstate_speed_fraction(n.gpu, best)))
        best = k;
    if (best < 0)
      r.fail(ErrorKind::VALIDATION, "power_cap",
             fmt::format("no operating point of {} draws {:g} W or less (TDP {:g} W; add slower points as "
                         "node.gpu.pstates)",
                         n.gpu.name, cap, n.gpu.tdp_W));
    n.gpu_pstate = best;
  }
  n.nvswitches  = static_cast<int>(r.integer_or("nvswitches", t.nvswitches, 0, 1024));
  n.max_power_W = r.quantity_or("max_power", Quantity::POWER, t.max_power_W);
  if (!t.nvswitch.empty())
    n.nvswitch = *builtin_switch(t.nvswitch);
  n.nvswitch = read_switch(r, "nvswitch", n.nvswitch);
  if (n.max_power_W > 0 && n.max_power_W < n.gpus * n.gpu.tdp_W)
    r.fail(ErrorKind::VALUE, r.has("max_power") ? "max_power" : "template",
           fmt::format("node power {:g} W is below its GPUs' {} × {:g} W", n.max_power_W, n.gpus, n.gpu.tdp_W));
  if (n.nic.bw_Bps <= 0)
    r.fail(ErrorKind::VALUE, "nic", "expected a NIC bandwidth above zero");
  if (n.gpu.bf16_flops <= 0)
    r.fail(ErrorKind::VALUE, "gpu", "expected a GPU with a BF16 rate above zero (it sets the simulated host speed)");
  if (n.scale_up.bw_Bps <= 0 && n.gpus > 1)
    r.fail(ErrorKind::VALUE, "gpu", "this GPU has no scale-up bandwidth; set node.scale_up.bw");
  r.finish();
  return n;
}

SwitchSpec read_switch(const MapReader& r, const std::string& key, const SwitchSpec& fallback)
{
  if (!r.has(key))
    return fallback;
  SwitchSpec s = read_part<SwitchSpec>(r, key, "switch", builtin_switch, builtin_switch_names, fallback.name);
  if (YAML::Node n = r.node(key); n.IsMap()) {
    MapReader f = r.map(key);
    f.has("preset");
    s.ports       = static_cast<int>(f.integer_or("ports", s.ports, 1, 100000));
    s.port_bw_Bps = f.quantity_or("port_bw", Quantity::BANDWIDTH, s.port_bw_Bps);
    if (s.port_bw_Bps <= 0)
      f.fail(ErrorKind::VALUE, "port_bw", "expected a bandwidth above zero");
    s.power_W   = f.quantity_or("power", Quantity::POWER, s.power_W);
    s.dynamic_W = f.quantity_or("dynamic_power", Quantity::POWER, s.dynamic_W);
    s.price_usd = f.number_or("price_usd", s.price_usd, 0, 1e12);
    f.finish();
  }
  return s;
}

ModuleSpec read_module(const MapReader& r, const std::string& key, ModuleSpec m)
{
  auto f = r.map_if_present(key);
  if (!f)
    return m;
  m.name    = f->string_or("name", m.name);
  m.ports   = static_cast<int>(f->integer_or("ports", m.ports, 1, 16));
  m.power_W = f->quantity_or("power", Quantity::POWER, m.power_W);
  m.idle_W  = f->quantity_or("idle_power", Quantity::POWER, m.idle_power_W());
  if (m.idle_W > m.power_W)
    f->fail(ErrorKind::VALUE, "idle_power",
            fmt::format("idle power ({:g} W) must not exceed busy power ({:g} W)", m.idle_W, m.power_W));
  m.price_usd      = f->number_or("price_usd", m.price_usd, 0, 1e9);
  std::string form = f->choice("form", {"copper", "pluggable", "lpo", "cpo"}, module_form_name(m.form));
  m.form           = form == "copper" ? ModuleForm::COPPER
                     : form == "lpo"  ? ModuleForm::LPO
                     : form == "cpo"  ? ModuleForm::CPO
                                      : ModuleForm::PLUGGABLE;
  f->finish();
  return m;
}

MediumSpec read_medium(const MapReader& r, const MediumSpec& fallback)
{
  if (!r.has("medium"))
    return fallback;
  MediumSpec m = read_part<MediumSpec>(r, "medium", "medium", builtin_medium, builtin_medium_names, fallback.name);
  if (YAML::Node n = r.node("medium"); n.IsMap()) {
    MapReader f = r.map("medium");
    f.has("preset");
    m.bw_Bps = f.quantity_or("bw", Quantity::BANDWIDTH, m.bw_Bps);
    if (m.bw_Bps <= 0)
      f.fail(ErrorKind::VALUE, "bw", "expected a bandwidth above zero");
    m.reach_m         = f.number_or("reach_m", m.reach_m, 0, 1e6);
    m.latency_s       = f.quantity_or("latency", Quantity::TIME, m.latency_s);
    m.optical         = f.boolean_or("optical", m.optical);
    m.cable_price_usd = f.number_or("cable_price_usd", m.cable_price_usd, 0, 1e9);
    m.switch_end      = read_module(f, "switch_end", m.switch_end);
    m.nic_end         = read_module(f, "nic_end", m.nic_end);
    f.finish();
  }
  return m;
}

// Fabric-wide `switch`, `link`, `medium` are defaults for every tier; `leaf:`, `spine:`, `core:` override per tier.
TierSpec read_tier(const MapReader& r, const std::string& key, const TierSpec& fallback)
{
  auto t = r.map_if_present(key);
  if (!t)
    return fallback;
  TierSpec s;
  s.sw               = read_switch(*t, "switch", fallback.sw);
  s.link             = read_link(*t, "link", fallback.link);
  s.medium           = read_medium(*t, fallback.medium);
  s.cable_m          = t->number_or("cable_m", fallback.cable_m, 0, 1e6);
  s.oversubscription = t->number_or("oversubscription", fallback.oversubscription, 1, 1000);
  t->finish();
  return s;
}

FabricSpec read_fabric(const MapReader& r, const NodeSpec& node)
{
  FabricSpec f;
  std::string kind =
      r.choice("kind", {"rail_optimized", "fat_tree", "multi_plane", "rail_only", "dragonfly", "torus", "custom"},
               "rail_optimized");
  f.kind           = kind == "fat_tree"      ? FabricKind::FAT_TREE
                     : kind == "multi_plane" ? FabricKind::MULTI_PLANE
                     : kind == "rail_only"   ? FabricKind::RAIL_ONLY
                     : kind == "dragonfly"   ? FabricKind::DRAGONFLY
                     : kind == "torus"       ? FabricKind::TORUS
                     : kind == "custom"      ? FabricKind::CUSTOM
                                             : FabricKind::RAIL_OPTIMIZED;
  f.nodes_per_su   = static_cast<int>(r.integer_or("nodes_per_su", 32, 1, 1 << 20));
  f.nodes_per_leaf = static_cast<int>(r.integer_or("nodes_per_leaf", 1, 1, 1 << 16));
  f.leaves_per_pod = static_cast<int>(r.integer_or("leaves_per_pod", 0, 0, 1 << 20));
  const bool clos  = f.kind != FabricKind::DRAGONFLY && f.kind != FabricKind::TORUS && f.kind != FabricKind::CUSTOM;
  if (f.kind == FabricKind::RAIL_ONLY || !clos)
    f.spines = static_cast<int>(r.integer_or("spines", 0, 0, 0));
  else {
    f.spines = static_cast<int>(r.integer("spines", 0, 1 << 20));
    if (f.spines == 0)
      r.fail(ErrorKind::VALIDATION, "spines",
             "a " + kind + " fabric needs at least one spine; for none, use kind: rail_only");
  }
  f.cores = static_cast<int>(r.integer_or("cores", 0, 0, 1 << 20));
  if (f.kind == FabricKind::DRAGONFLY) {
    MapReader d              = r.map("dragonfly");
    f.dragonfly.groups       = static_cast<int>(d.integer("groups", 2, 1 << 16));
    f.dragonfly.routers      = static_cast<int>(d.integer("routers", 1, 1 << 12));
    f.dragonfly.nodes        = static_cast<int>(d.integer_or("nodes", 1, 1, 1 << 12));
    f.dragonfly.global_links = static_cast<int>(d.integer_or("global_links", 1, 1, 1 << 12));
    if (static_cast<long>(f.dragonfly.groups) * f.dragonfly.routers > (1 << 20))
      d.fail(ErrorKind::RESOURCE, "groups", "groups × routers exceeds the supported 1,048,576 switches");
    d.finish();
  }
  if (f.kind == FabricKind::TORUS) {
    MapReader t = r.map("torus");
    for (long size : t.integers("dims", 2, 1 << 12))
      f.torus.dims.push_back(static_cast<int>(size));
    if (f.torus.dims.size() < 2 || f.torus.dims.size() > 3)
      t.fail(ErrorKind::VALUE, "dims", "expected 2 or 3 dimensions, like [8, 8] or [4, 4, 4]");
    f.torus.nodes = static_cast<int>(t.integer_or("nodes", 1, 1, 1 << 12));
    long switches = 1;
    for (int size : f.torus.dims)
      switches *= size;
    if (switches > (1 << 20))
      t.fail(ErrorKind::RESOURCE, "dims", fmt::format("{} switches exceed the supported 1,048,576", switches));
    t.finish();
  }
  if (f.kind == FabricKind::CUSTOM) {
    for (const MapReader& s : r.maps("switches")) {
      std::string tier = s.choice("tier", {"leaf", "spine", "core"}, "leaf");
      f.custom.switches.push_back({s.string("name"), tier == "leaf" ? 1 : tier == "spine" ? 2 : 3});
      s.finish();
    }
    for (const MapReader& l : r.maps("links")) {
      f.custom.links.push_back({l.string("from"), l.string("to"), static_cast<int>(l.integer_or("count", 1, 1, 1024))});
      l.finish();
    }
    if (f.custom.switches.empty())
      r.fail(ErrorKind::SCHEMA, "switches", "a custom fabric needs a list of switches");
  }

  TierSpec base;
  base.sw      = read_switch(r, "switch", *builtin_switch("qm9700"));
  base.link    = read_link(r, "link", {node.nic.bw_Bps, FABRIC_LATENCY_ASSUMED_s});
  base.medium  = read_medium(r, *builtin_medium("ndr-400g-mm"));
  base.cable_m = r.number_or("cable_m", 0, 0, 1e6);
  f.leaf       = read_tier(r, "leaf", base);
  f.spine      = read_tier(r, "spine", base);
  f.core       = read_tier(r, "core", base);
  // `optics: cpo` swaps every optical tier to the catalog medium of the same rate in that form: one key turns a
  // pluggable fabric into its CPO (or LPO) twin.
  if (r.has("optics")) {
    std::string form = r.choice("optics", {"pluggable", "lpo", "cpo"}, "pluggable");
    for (TierSpec* t : {&f.leaf, &f.spine, &f.core}) {
      if (!t->medium.optical || module_form_name(t->medium.switch_end.form) == form)
        continue;
      const MediumSpec* twin = nullptr;
      for (const auto& name : builtin_medium_names()) {
        const MediumSpec* m = builtin_medium(name);
        if (m->optical && m->bw_Bps == t->medium.bw_Bps && module_form_name(m->switch_end.form) == form) {
          twin = m;
          break;
        }
      }
      if (!twin)
        r.fail(ErrorKind::REFERENCE, "optics",
               fmt::format("the catalog has no {} medium at {:g} Gbps to replace {}; set the medium yourself", form,
                           t->medium.bw_Bps * 8 / 1e9, t->medium.name));
      t->medium = *twin;
    }
  }
  r.finish();
  return f;
}

}  // namespace

ClusterSpec read_cluster_spec(const Document& doc)
{
  ClusterSpec c;
  MapReader top(doc, doc.root(), "", &c.where);
  c.name        = top.string_or("name", doc.name());
  c.description = top.string_or("description", "");
  c.nodes       = static_cast<int>(top.integer("nodes", 1, 1 << 20));
  c.node        = read_node(top.map("node"));
  c.fabric      = read_fabric(top.map("fabric"), c.node);
  if (auto f = top.map_if_present("facility")) {
    // `pue: 1.2`, or `pue: {idle: 1.4, full: 1.1}` for a PUE that falls as IT load rises.
    if (YAML::Node pue = f->node("pue"); pue.IsDefined() && pue.IsMap()) {
      MapReader p         = f->map("pue");
      c.facility.pue_idle = p.number("idle", 1, 10);
      c.facility.pue_full = p.number("full", 1, 10);
      p.finish();
    } else if (f->has("pue"))
      c.facility.pue_idle = c.facility.pue_full = f->number("pue", 1, 10);
    c.facility.usd_per_kWh      = f->number_or("usd_per_kWh", c.facility.usd_per_kWh, 0, 100);
    c.facility.carbon_g_per_kWh = f->number_or("carbon_g_per_kWh", 0, 0, 10000);
    c.facility.usd_per_gpu_hour = f->number_or("usd_per_gpu_hour", 0, 0, 10000);
    f->finish();
  }
  if (auto col = top.map_if_present("collectives")) {
    if (auto eff = col->map_if_present("efficiency"))
      c.collectives = read_collective_tuning(*eff);
    col->finish();
  }
  // A resource guard before any allocation: the flow-level engine is sized for tens of thousands of GPUs.
  constexpr long MAX_GPUS = 262144;
  if (static_cast<long>(c.nodes) * c.node.gpus > MAX_GPUS)
    top.fail(ErrorKind::RESOURCE, "nodes",
             fmt::format("{} nodes × {} GPUs = {} GPUs exceeds the supported maximum of {}", c.nodes, c.node.gpus,
                         static_cast<long>(c.nodes) * c.node.gpus, MAX_GPUS));
  top.finish();
  return c;
}

}  // namespace cs
