// SPDX-License-Identifier: Apache-2.0
// --set key.path=value: paths, list indices, and which document a path belongs to.
#include <doctest/doctest.h>

#include "config/document.hpp"
#include "config/embedded.hpp"
#include "config/overrides.hpp"
#include "config/spec_readers.hpp"

using namespace cs;

TEST_CASE("override paths accept dots and list indices in either form")
{
  CHECK(parse_override("a.b[1].c=x").keys == std::vector<std::string>{"a", "b", "[1]", "c"});
  CHECK(parse_override("a.b.1.c=x").keys == std::vector<std::string>{"a", "b", "[1]", "c"});
  CHECK(parse_override("a=1=2").value == "1=2");
  CHECK_THROWS_WITH_AS(parse_override("novalue"), doctest::Contains("expected key.path=value"), ConfigError);
}

TEST_CASE("--set changes the value the spec reader sees, in the right document")
{
  Document topo = Document::load_string(default_topology_yaml(), "t.yaml");
  Document work = Document::load_string(default_workload_yaml(), "w.yaml");
  apply_overrides(topo, &work, {"fabric.link.bw=200Gbps", "training.iterations=7", "topology.name=renamed"});
  ClusterSpec c  = read_cluster_spec(topo);
  TrainingSpec t = read_training_spec(work);
  CHECK(c.fabric.leaf.link.bw_Bps == doctest::Approx(25e9));
  CHECK(c.name == "renamed");
  CHECK(t.iterations == 7);
}

TEST_CASE("--set can index into lists and create keys that are then validated")
{
  Document d = Document::load_string("items: [1, 2, 3]\n", "l.yaml");
  d.apply(parse_override("items[1]=20"));
  CHECK(d.root()["items"][1].as<int>() == 20);
  CHECK_THROWS_WITH_AS(d.apply(parse_override("items[5]=1")), doctest::Contains("index 5 is out of range"),
                       ConfigError);

  Document topo = Document::load_string(default_topology_yaml(), "t.yaml");
  apply_overrides(topo, nullptr, {"fabric.spinez=4"});
  CHECK_THROWS_WITH_AS(read_cluster_spec(topo),
                       doctest::Contains("--set fabric.spinez=4: fabric.spinez: unknown key, did you mean \"spines\"?"),
                       ConfigError);
}

TEST_CASE("a link technology supplies the rate, and an explicit bw still wins")
{
  Document topo = Document::load_string(default_topology_yaml(), "t.yaml");
  apply_overrides(topo, nullptr, {"fabric.link={technology: ib-xdr}"});
  CHECK(read_cluster_spec(topo).fabric.leaf.link.bw_Bps == doctest::Approx(100e9));  // 800 Gb/s
  apply_overrides(topo, nullptr, {"fabric.link.bw=200Gbps"});
  CHECK(read_cluster_spec(topo).fabric.leaf.link.bw_Bps == doctest::Approx(25e9));
}

TEST_CASE("an override of an unknown top-level key names the documents")
{
  Document topo = Document::load_string(default_topology_yaml(), "t.yaml");
  Document work = Document::load_string(default_workload_yaml(), "w.yaml");
  CHECK_THROWS_WITH_AS(apply_overrides(topo, &work, {"fabrik.spines=4"}), doctest::Contains("did you mean \"fabric\"?"),
                       ConfigError);
  CHECK_THROWS_WITH_AS(apply_overrides(topo, &work, {"name=x"}), doctest::Contains("prefix the path"), ConfigError);
}

TEST_CASE("fabric.optics turns every optical tier into its twin of the same rate in another form")
{
  Document topo = Document::load_string(default_topology_yaml(), "t.yaml");
  apply_overrides(topo, nullptr, {"fabric.optics=cpo"});
  ClusterSpec cpo = read_cluster_spec(topo);
  CHECK(cpo.fabric.leaf.medium.name == "400g-cpo");
  CHECK(cpo.fabric.spine.medium.switch_end.form == ModuleForm::CPO);
  CHECK(cpo.fabric.leaf.medium.nic_end.form == ModuleForm::PLUGGABLE);  // NICs keep a pluggable module
  apply_overrides(topo, nullptr, {"fabric.optics=lpo"});
  CHECK(read_cluster_spec(topo).fabric.leaf.medium.name == "400g-lpo");
  apply_overrides(topo, nullptr, {"fabric.optics=pluggable"});
  CHECK(read_cluster_spec(topo).fabric.leaf.medium.name == "ndr-400g-mm");
}

TEST_CASE("a power cap picks the fastest operating point at or under it, and refuses when none is")
{
  Document topo = Document::load_string(default_topology_yaml(), "t.yaml");
  apply_overrides(topo, nullptr,
                  {"node.gpu={preset: h100-sxm, pstates: [{speed: 0.8, power: 520W}, {speed: 0.6, power: 380W}]}",
                   "node.power_cap=550W"});
  CHECK(read_cluster_spec(topo).node.gpu_pstate == 1);
  apply_overrides(topo, nullptr, {"node.power_cap=400W"});
  CHECK(read_cluster_spec(topo).node.gpu_pstate == 2);
  apply_overrides(topo, nullptr, {"node.power_cap=700W"});
  CHECK(read_cluster_spec(topo).node.gpu_pstate == 0);
  apply_overrides(topo, nullptr, {"node.power_cap=300W"});
  CHECK_THROWS_WITH_AS(read_cluster_spec(topo), doctest::Contains("no operating point of h100-sxm draws 300 W or less"),
                       ConfigError);
}

TEST_CASE("collective efficiency per algorithm: a number, or a wire protocol's payload share from NCCL's line layout")
{
  Document topo = Document::load_string(default_topology_yaml(), "t.yaml");
  apply_overrides(
      topo, nullptr,
      {"collectives.efficiency.ring=ll128", "collectives.efficiency.tree=ll", "collectives.efficiency.pxn=0.8"});
  const ClusterSpec c = read_cluster_spec(topo);
  CHECK(c.collectives.efficiency_of("ring") == 15.0 / 16);  // LL128: 15 data elements in a 16-element line
  CHECK(c.collectives.efficiency_of("tree") == 0.5);        // LL: a flag beside every 4-byte data word
  CHECK(c.collectives.efficiency_of("pxn") == 0.8);
  CHECK(c.collectives.efficiency_of("halving-doubling") == 1);  // unset: the rated rate
}

TEST_CASE("a model is MoE when its preset or its moe: section gives it routed experts, without kind: moe")
{
  Document work        = Document::load_string("model: {preset: deepseek-v3}\n"
                                                      "training: {parallelism: {pp: 16, dp: 128, ep: 64}, schedule: dualpipe, "
                                                      "global_batch: 15360}\n",
                                               "w.yaml");
  const TrainingSpec t = read_training_spec(work);
  CHECK(t.model.moe.routed_experts == 256);
  CHECK(t.model.moe.top_k == 8);
  // So does a moe: section on a dense preset.
  Document moe = Document::load_string("model: {preset: llama3-8b, layers: 4, moe: {routed_experts: 16, top_k: 2, "
                                       "expert_ffn: 1024}}\n"
                                       "training: {parallelism: {dp: 16, ep: 4}, schedule: 1f1b, global_batch: 16}\n",
                                       "m.yaml");
  CHECK(read_training_spec(moe).model.moe.routed_experts == 16);
}

TEST_CASE("a global batch in tokens is a whole number of sequences of the model's length")
{
  // Llama 3 405B's 16M-token batch at 8,192 tokens per sequence (reference/workloads.md §5): 2,048 sequences.
  Document work = Document::load_string("model: {preset: llama3-405b}\n"
                                        "training: {parallelism: {tp: 8, pp: 16, dp: 128}, schedule: 1f1b, "
                                        "global_batch_tokens: 16777216}\n",
                                        "w.yaml");
  CHECK(read_training_spec(work).global_batch == 2048);
  Document topo = Document::load_string(default_topology_yaml(), "t.yaml");
  apply_overrides(topo, &work, {"training.global_batch_tokens=16777217"});
  CHECK_THROWS_WITH_AS(read_training_spec(work), doctest::Contains("expected a whole number of sequences"),
                       ConfigError);
}
