// SPDX-License-Identifier: Apache-2.0
// Checks every generator applies: rates a medium, port or NIC can carry, cable reach, and switch radix.
#include <fmt/format.h>

#include "config/error.hpp"
#include "topology/generators.hpp"

namespace cs {

namespace {

// The key a tier's value came from: its own (`fabric.spine.link.bw`) or the fabric-wide default (`fabric.link.bw`).
std::string tier_key(const ClusterSpec& spec, const char* tier, const std::string& suffix)
{
  std::string own = fmt::format("fabric.{}.{}", tier, suffix);
  return spec.where.at.count(own) ? own : "fabric." + suffix;
}

}  // namespace

void fabric_error(const ClusterSpec& spec, const std::string& key, const std::string& message)
{
  throw ConfigError(ErrorKind::VALIDATION, spec.where.of(key), key, message);
}

void check_tier(const ClusterSpec& spec, const TierSpec& t, const char* name, double nic_bw_Bps)
{
  auto gbps       = [](double Bps) { return Bps * 8 / 1e9; };
  std::string key = tier_key(spec, name, "link.bw");
  if (t.link.bw_Bps > t.medium.bw_Bps * (1 + 1e-12))
    fabric_error(spec, key,
                 fmt::format("{:g} Gbps exceeds what the medium {} carries ({:g} Gbps)", gbps(t.link.bw_Bps),
                             t.medium.name, gbps(t.medium.bw_Bps)));
  if (t.link.bw_Bps > t.sw.port_bw_Bps * (1 + 1e-12))
    fabric_error(spec, key,
                 fmt::format("{:g} Gbps exceeds a port of {} ({:g} Gbps)", gbps(t.link.bw_Bps), t.sw.name,
                             gbps(t.sw.port_bw_Bps)));
  if (nic_bw_Bps > 0 && t.link.bw_Bps > nic_bw_Bps * (1 + 1e-12))
    fabric_error(spec, key,
                 fmt::format("{:g} Gbps exceeds the NIC's {:g} Gbps", gbps(t.link.bw_Bps), gbps(nic_bw_Bps)));
  if (t.cable_m > t.medium.reach_m)
    fabric_error(
        spec, tier_key(spec, name, "cable_m"),
        fmt::format("a {:g} m cable exceeds the {:g} m reach of {}", t.cable_m, t.medium.reach_m, t.medium.name));
}

void check_ports(const ClusterSpec& spec, const TierSpec& t, const char* name, int down, int up)
{
  if (down + up > t.sw.ports)
    fabric_error(spec, std::string("fabric.") + name,
                 fmt::format("a {} needs {} ports ({} down + {} up), but {} has {}", name, down + up, down, up,
                             t.sw.name, t.sw.ports));
}

}  // namespace cs
