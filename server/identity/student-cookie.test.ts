import { describe, expect, it } from "vitest";
import { decodeStudentCookie, encodeStudentCookie, newStudentId, readCookie, withCookie } from "./student-cookie";

describe("student cookie", () => {
  const secret = "s3cret-for-tests";

  it("round-trips a new id", () => {
    const id = newStudentId();
    expect(id).toMatch(/^[a-z0-9]{16}$/);
    expect(decodeStudentCookie(encodeStudentCookie(id, secret), secret)).toBe(id);
  });

  it("rejects another student's id with our signature, a bad signature, or another secret", () => {
    const mine = newStudentId();
    const theirs = newStudentId();
    const cookie = encodeStudentCookie(mine, secret);
    const forged = `${theirs}${cookie.slice(mine.length)}`;
    expect(decodeStudentCookie(forged, secret)).toBeNull();
    expect(decodeStudentCookie(`${mine}.AAAA`, secret)).toBeNull();
    expect(decodeStudentCookie(cookie, "another-secret")).toBeNull();
    expect(decodeStudentCookie("garbage", secret)).toBeNull();
    expect(decodeStudentCookie(undefined, secret)).toBeNull();
  });

  it("reads one cookie among several", () => {
    expect(readCookie("a=1; wb_student=x.y; b=2", "wb_student")).toBe("x.y");
    expect(readCookie("a=1", "wb_student")).toBeUndefined();
  });

  it("treats a malformed percent-encoding as no cookie instead of throwing", () => {
    expect(readCookie("wb_student=%E0%A4%A", "wb_student")).toBeUndefined();
    expect(decodeStudentCookie(readCookie("wb_student=%E0%A4%A", "wb_student"), secret)).toBeNull();
    expect(readCookie("wb_student=%E0%A4%A; wb_student=x.y", "wb_student")).toBe("x.y");
  });

  it("replaces a cookie in a Cookie header", () => {
    expect(withCookie("a=1; wb_student=%E0%A4%A; b=2", "wb_student", "id.sig")).toBe("a=1; b=2; wb_student=id.sig");
    expect(withCookie(undefined, "wb_student", "id.sig")).toBe("wb_student=id.sig");
  });
});
