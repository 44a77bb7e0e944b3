import { describe, expect, it } from "vitest";
import { scoreFractionOf } from "./score-fraction";

describe("scoreFractionOf", () => {
  it("counts passed constraints out of all judged ones, a skip after a failure counting as not passed", () => {
    expect(scoreFractionOf([{ status: "pass" }, { status: "fail" }, { status: "skip" }, { status: "pass" }])).toEqual({ scoreGiven: 2, scoreMaximum: 4 });
  });
  it("leaves out constraints that could not be judged where the grading ran", () => {
    expect(scoreFractionOf([{ status: "pass" }, { status: "skip", notJudgedHere: true }, { status: "error" }])).toEqual({ scoreGiven: 1, scoreMaximum: 2 });
  });
  it("has no fraction when nothing was judged", () => {
    expect(scoreFractionOf([{ status: "skip", notJudgedHere: true }])).toBeNull();
    expect(scoreFractionOf([])).toBeNull();
  });
});
