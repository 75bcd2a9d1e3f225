// SPDX-License-Identifier: Apache-2.0
// Pipeline schedules against shared/reference/dualpipe.md: the exact op strings of DeepSeek's DualPipe, and the
// idle times that hold exactly (§6), per rank, with 0% tolerance.
#include <algorithm>
#include <doctest/doctest.h>
#include <sstream>

#include "schedule/pipeline_schedule.hpp"

using namespace cs;

namespace {

std::string ops_of(const PipelineSchedule& s, int rank)
{
  std::ostringstream out;
  for (size_t i = 0; i < s.ops[rank].size(); ++i)
    out << (i ? " " : "") << s.ops[rank][i].str();
  return out.str();
}

// dualpipe.md §5, verbatim.
const char* REFERENCE[4] = {
    "F0 F0 F0 F0 F0 F0 F0 F1 B1(zb) W F1 B1(zb) W F1 B1(zb) W F1 F0&B1 F1&B0 F0&B1 F1&B0 F0&B1 F1&B0 B1 F1&B0 B1 F1&B0 "
    "B1 F1&B0 B1 B0(zb) W B0(zb) W B0(zb) W B0(zb) W",
    "F0 F0 F0 F0 F0 F1 F0 F1 B1(zb) W F1 B1(zb) W F1 F0&B1 F1&B0 F0&B1 F1&B0 F0&B1 F1&B0 F0&B1 F1&B0 B1 F1&B0 B1 F1&B0 "
    "B1 B0 B1(zb) B0(zb) W B0(zb) W B0(zb) W W",
    "F0 F0 F0 F1 F0 F1 F0 F1 B1(zb) W F1 F0&B1 F1&B0 F0&B1 F1&B0 F0&B1 F1&B0 F0&B1 F1&B0 F0&B1 F1&B0 B1 F1&B0 B1 B0 B1 "
    "B0(zb) B1(zb) B0(zb) W B0(zb) W W W",
    "F0 F1 F0 F1 F0 F1 F0 F1 F0 B1 F1&B0 F0&B1 F1&B0 F0&B1 F1&B0 F0&B1 F1&B0 F0&B1 F1&B0 F0&B1 F1&B0 B1 B0 B1 B0 "
    "B1(zb) B0(zb) B1(zb) B0(zb) W W W W",
};

}  // namespace

TEST_CASE("DualPipe, 8 ranks and 20 micro-batches: every rank's op order equals DeepSeek's, token by token")
{
  PipelineSchedule s = dualpipe_schedule(8, 20);
  for (int r = 0; r < 4; ++r) {
    CAPTURE(r);
    CHECK(ops_of(s, r) == REFERENCE[r]);
    CHECK(ops_of(s, 7 - r) == REFERENCE[r]);  // mirror ranks run the same local order
  }
}

TEST_CASE("DualPipeV, 4 ranks and 10 micro-batches: the same four strings (cut in half)")
{
  PipelineSchedule s = dualpipev_schedule(4, 10);
  for (int r = 0; r < 4; ++r)
    CHECK(ops_of(s, r) == REFERENCE[r]);
}

TEST_CASE("1F1B: every rank idles (PP-1)(F+B), the makespan is (m+PP-1)(F+B), the bubble fraction (p-1)/m")
{
  for (int pp : {4, 8, 16})
    for (int m : {pp, 2 * pp, 3 * pp}) {
      CAPTURE(pp);
      CAPTURE(m);
      ChunkTimes t{.f = 1, .b = 2.5, .w = 1, .fb = 3};
      ScheduleTiming x = evaluate_schedule(one_f_one_b_schedule(pp, m), t);
      CHECK(x.makespan == doctest::Approx((m + pp - 1) * (t.f + t.b)).epsilon(1e-12));
      for (double idle : x.idle)
        CHECK(idle == doctest::Approx((pp - 1) * (t.f + t.b)).epsilon(1e-12));
      CHECK(x.idle[0] / (m * (t.f + t.b)) == doctest::Approx((pp - 1.0) / m));
      CHECK(*std::max_element(x.peak_activations.begin(), x.peak_activations.end()) == pp);
      for (int i = 0; i < pp; ++i)
        CHECK(x.peak_activations[i] == std::min(pp - i, m));
    }
}

TEST_CASE("ZB1P (ZB-H1): every rank idles (PP-1)·max(F, B-W, F+B-2W), equal to the README only when W ≤ F and 2W ≤ B")
{
  struct Case {
    double f, b, w, idle_at_8;
  };
  for (Case c : {Case{1, 2, 1, 7}, Case{1, 2, 0.5, 14}, Case{1, 2, 1.5, 7}}) {
    CAPTURE(c.w);
    for (int pp : {4, 8, 16}) {
      ScheduleTiming x = evaluate_schedule(zb1p_schedule(pp, 2 * pp), {.f = c.f, .b = c.b, .w = c.w, .fb = 0});
      double expected  = (pp - 1) * std::max({c.f, c.b - c.w, c.f + c.b - 2 * c.w});
      for (double idle : x.idle)
        CHECK(idle == doctest::Approx(expected).epsilon(1e-12));
      if (pp == 8)
        CHECK(x.idle[0] == doctest::Approx(c.idle_at_8));
      CHECK(*std::max_element(x.peak_activations.begin(), x.peak_activations.end()) == pp);
    }
  }
}

TEST_CASE("DualPipe inside the cone B-W = F, W ≤ F, F&B = F+B: every rank idles (PP/2-1)(F&B+B-3W)")
{
  const ChunkTimes t{.f = 1, .b = 2, .w = 1, .fb = 3};
  for (int pp : {4, 8, 16})
    for (int c : {2 * pp, 3 * pp}) {
      CAPTURE(pp);
      CAPTURE(c);
      ScheduleTiming x = evaluate_schedule(dualpipe_schedule(pp, c), t);
      for (double idle : x.idle)
        CHECK(idle == doctest::Approx((pp / 2 - 1) * (t.fb + t.b - 3 * t.w)));
      CHECK(*std::max_element(x.peak_activations.begin(), x.peak_activations.end()) == pp + 1);
    }
  CHECK(evaluate_schedule(dualpipe_schedule(8, 20), t).makespan == doctest::Approx(20 * 3 + 6));
  CHECK(evaluate_schedule(dualpipev_schedule(4, 10), t).makespan == doctest::Approx(2 * 10 * 3 + 6));
  ScheduleTiming v = evaluate_schedule(dualpipev_schedule(4, 10), t);
  CHECK(*std::max_element(v.peak_activations.begin(), v.peak_activations.end()) == 2 * 4 + 1);  // PP counts stages
}

TEST_CASE("DualPipe with F&B < F+B: idle drops by max(0, PP/2-2-h)(F+B-F&B) per rank")
{
  ScheduleTiming x         = evaluate_schedule(dualpipe_schedule(8, 20), {.f = 1, .b = 2, .w = 1, .fb = 2.5});
  const double expected[8] = {3.5, 4, 4.5, 4.5, 4.5, 4.5, 4, 3.5};
  for (int r = 0; r < 8; ++r)
    CHECK(x.idle[r] == doctest::Approx(expected[r]));
  CHECK(x.makespan == doctest::Approx(59));
}

TEST_CASE("DualPipe outside the cone (B-W > F): the README overestimates, max idle is 19/2 at (1, 2, 0.5, 3)")
{
  ScheduleTiming x = evaluate_schedule(dualpipe_schedule(8, 20), {.f = 1, .b = 2, .w = 0.5, .fb = 3});
  CHECK(*std::max_element(x.idle.begin(), x.idle.end()) == doctest::Approx(9.5));
}

TEST_CASE("GPipe: bubble (p-1)(F+B) per rank, and every micro-batch in flight")
{
  ScheduleTiming x = evaluate_schedule(gpipe_schedule(4, 8), {.f = 1, .b = 2, .w = 1, .fb = 3});
  for (double idle : x.idle)
    CHECK(idle == doctest::Approx(3 * 3));
  CHECK(x.peak_activations[0] == 8);
}

TEST_CASE("impossible sizes are refused")
{
  CHECK_THROWS_AS(dualpipe_schedule(8, 10), std::invalid_argument);  // fewer than 2 × ranks micro-batches
  CHECK_THROWS_AS(dualpipe_schedule(7, 20), std::invalid_argument);  // odd rank count
  CHECK_THROWS_AS(dualpipev_schedule(4, 6), std::invalid_argument);
}

TEST_CASE("interleaved 1F1B: the bubble shrinks to (p-1)/(v·m)")
{
  for (int p : {4, 8})
    for (int v : {2, 4})
      for (int m : {p, 2 * p}) {
        CAPTURE(p);
        CAPTURE(v);
        CAPTURE(m);
        const double F = 1, B = 2;  // per device: each of its v chunks takes F/v and B/v
        ScheduleTiming x =
            evaluate_schedule(interleaved_1f1b_schedule(p, v, m), {.f = F / v, .b = B / v, .w = 0, .fb = 0});
        for (double idle : x.idle)
          CHECK(idle / (m * (F + B)) == doctest::Approx((p - 1.0) / (v * m)).epsilon(1e-12));
      }
}

TEST_CASE("ZB1P idles (PP-1)·max(F, B-W, F+B-2W) on every rank at m = PP, 2PP and 3PP, whichever term is largest")
{
  // (1, 2, 0.5): F+B−2W = 2 (the README's case); (1, 2, 1.5): F = 1; (1, 4, 2.5): B−W = 1.5.
  for (ChunkTimes t : {ChunkTimes{.f = 1, .b = 2, .w = 0.5, .fb = 0}, ChunkTimes{.f = 1, .b = 2, .w = 1.5, .fb = 0},
                       ChunkTimes{.f = 1, .b = 4, .w = 2.5, .fb = 0}})
    for (int pp : {4, 8, 16})
      for (int m : {pp, 2 * pp, 3 * pp}) {
        CAPTURE(t.b);
        CAPTURE(t.w);
        CAPTURE(pp);
        CAPTURE(m);
        ScheduleTiming x = evaluate_schedule(zb1p_schedule(pp, m), t);
        for (double idle : x.idle)
          CHECK(idle == doctest::Approx((pp - 1) * std::max({t.f, t.b - t.w, t.f + t.b - 2 * t.w})).epsilon(1e-12));
      }
}

TEST_CASE("DualPipe and DualPipeV per rank inside the cone, at PP = 4, 8, 16 and several chunk counts")
{
  // reference/dualpipe.md §6.3: README − max(0, PP/2 − 2 − h_r)(F+B − F&B), h_r = min(r, R−1−r) for DualPipe and r
  // for DualPipeV, whose PP counts its 2R stages; at F&B = F+B every rank idles the README's (PP/2−1)(F&B+B−3W).
  for (double fb : {3.0, 2.5}) {
    const ChunkTimes t{.f = 1, .b = 2, .w = 1, .fb = fb};
    for (int pp : {4, 8, 16}) {
      const double top = (pp / 2 - 1) * (t.fb + t.b - 3 * t.w);
      for (int c : {2 * pp, 3 * pp}) {
        CAPTURE(fb);
        CAPTURE(pp);
        CAPTURE(c);
        ScheduleTiming x = evaluate_schedule(dualpipe_schedule(pp, c), t);
        for (int r = 0; r < pp; ++r) {
          const int h = std::min(r, pp - 1 - r);
          CHECK(x.idle[r] == doctest::Approx(top - std::max(0, pp / 2 - 2 - h) * (t.f + t.b - t.fb)).epsilon(1e-12));
        }
      }
      const int ranks = pp / 2;  // DualPipeV: PP stages on PP/2 ranks
      for (int c : {pp, 2 * pp, 3 * pp}) {
        CAPTURE(fb);
        CAPTURE(pp);
        CAPTURE(c);
        ScheduleTiming v = evaluate_schedule(dualpipev_schedule(ranks, c), t);
        for (int r = 0; r < ranks; ++r)
          CHECK(v.idle[r] == doctest::Approx(top - std::max(0, pp / 2 - 2 - r) * (t.f + t.b - t.fb)).epsilon(1e-12));
      }
    }
  }
}

TEST_CASE("DualPipe outside the cone: max idle is max{k(F&B+F−B), k(F&B+B−3W)−F, k(F&B+F−2W), k(F&B−W)−F}")
{
  // reference/dualpipe.md §6.4, k = PP/2 − 1, with free communication (no commit-and-wait): (1, 2, 0.5, 3) is below
  // the README's value, (1, 2, 1.5, 3) far above it.
  for (ChunkTimes t : {ChunkTimes{.f = 1, .b = 2, .w = 0.5, .fb = 3}, ChunkTimes{.f = 1, .b = 2, .w = 1.5, .fb = 3}})
    for (int pp : {4, 8, 16}) {
      CAPTURE(t.w);
      CAPTURE(pp);
      const double k        = pp / 2 - 1;
      const double expected = std::max({k * (t.fb + t.f - t.b), k * (t.fb + t.b - 3 * t.w) - t.f,
                                        k * (t.fb + t.f - 2 * t.w), k * (t.fb - t.w) - t.f});
      ScheduleTiming x      = evaluate_schedule(dualpipe_schedule(pp, 2 * pp), t);
      CHECK(*std::max_element(x.idle.begin(), x.idle.end()) == doctest::Approx(expected).epsilon(1e-12));
      if (pp == 8)
        CHECK(expected == doctest::Approx(t.w == 0.5 ? 9.5 : 6));
    }
}

TEST_CASE("DualPipe and DualPipeV hold back the sends their code does: step 2's F0 and the special rank's turn")
{
  // deepseek-ai/DualPipe: in step 2, `_forward_chunk(0, send=...)` leaves F0's output for `_send_forward(0)` after F1
  // on all but the middle ranks (DualPipeV: on every rank); the special rank (the middle ranks; DualPipeV's last)
  // holds its last F1 of step 2 until after step 4's F0, and that F0's until after the B1 it does not overlap.
  auto held = [](const PipelineSchedule& s, int r) {
    int n = 0;
    for (size_t k = 0; k < s.ops[r].size(); ++k)
      if (s.ops[r][k].late_send) {
        ++n;
        CHECK(s.ops[r][k].kind == ChunkKind::F);
        REQUIRE(k + 1 < s.ops[r].size());
        CHECK(s.ops[r][k + 1].kind != ChunkKind::W);  // it leaves with the next chunk's sends
      }
    return n;
  };
  const PipelineSchedule d = dualpipe_schedule(8, 20);
  for (int r = 0; r < 8; ++r) {
    CAPTURE(r);
    const bool middle = r == 3 || r == 4;
    CHECK(held(d, r) == (middle ? 2 : std::min(r, 7 - r) + 1));
  }
  const PipelineSchedule v = dualpipev_schedule(4, 10);
  for (int r = 0; r < 4; ++r) {
    CAPTURE(r);
    CHECK(held(v, r) == r + 1 + (r == 3 ? 2 : 0));
  }
}
