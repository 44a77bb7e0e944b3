import { describe, expect, it } from "vitest";
import { renderText } from "../i18n/render-text";
import { MAX_FRAME_BYTES, decodeClientMessage, decodeServerMessage, encodeMessage } from "./messages";

describe("decodeClientMessage", () => {
  it("accepts each well-formed message and round-trips it", () => {
    const messages = [
      { type: "terminal.attach", cols: 120, rows: 30, lastSeq: 0 },
      { type: "terminal.input", data: "docker ps\r" },
      { type: "terminal.resize", cols: 80, rows: 24 },
      { type: "terminal.restart" },
      { type: "check.run", step: 1 },
      { type: "check.submit", step: 1 },
      { type: "lint", step: 1, path: "1_worpress_multiservice_dirty/Dockerfile", content: "FROM debian:latest\n" },
      { type: "ping", t: 1 },
    ] as const;
    for (const message of messages) expect(decodeClientMessage(encodeMessage(message))).toEqual({ ok: true, message });
  });

  it("rejects text that is not JSON, with a reason", () => {
    expect(decodeClientMessage("{not json")).toMatchObject({ ok: false, error: "message is not valid JSON" });
  });

  it("tells the page what kind of message was refused in its language, never in zod's words (the log keeps them)", () => {
    const said = (raw: string) => {
      const result = decodeClientMessage(raw);
      if (result.ok) throw new Error(`accepted ${raw}`);
      return { log: result.error, en: renderText(result.text, "en"), fr: renderText(result.text, "fr") };
    };
    const wrongField = said(JSON.stringify({ type: "terminal.resize", cols: "wide", rows: 24 }));
    expect(wrongField.log).toMatch(/cols.*expected number/i);
    expect(wrongField.en).toBe(
      "The workbench refused a “terminal.resize” message from this page: a field is missing or has a value it does not accept. Reload the page; if it persists, tell your teacher.",
    );
    expect(wrongField.fr).toBe(
      "L’atelier a refusé un message « terminal.resize » de cette page : il y manque un champ, ou l’un d’eux a une valeur qu’il n’accepte pas. Rechargez la page ; si cela continue, prévenez votre enseignant.",
    );
    // A type the protocol does not have is not repeated (the frame is hostile): only its kind is named.
    const unknown = said(JSON.stringify({ type: "<img src=x onerror=alert(1)>" }));
    expect(unknown.fr).toBe("L’atelier a refusé un message de cette page : il est d’un type que l’atelier ne connaît pas. Rechargez la page ; si cela continue, prévenez votre enseignant.");
    expect(said(JSON.stringify([1, 2])).en).toContain("of a kind the workbench does not know");
    expect(said("{not json").fr).toBe("L’atelier a refusé un message de cette page : il n’a pas pu le lire. Rechargez la page ; si cela continue, prévenez votre enseignant.");
    expect(said(JSON.stringify({ type: "terminal.input", data: "x".repeat(MAX_FRAME_BYTES) })).fr).toContain("il dépasse 256\u00a0Kio");
    for (const raw of [JSON.stringify({ type: "terminal.attach", cols: 80, rows: 24, lastSeq: -1 }), JSON.stringify({ type: "ping" }), JSON.stringify({ type: "engine.delete" })]) {
      const { en, fr } = said(raw);
      for (const text of [en, fr]) expect(text).not.toMatch(/invalid|expected|received|too small|Too small|>=|undefined/i);
    }
  });

  it("rejects unknown types and wrong fields, naming the field", () => {
    expect(decodeClientMessage(JSON.stringify({ type: "engine.delete" })).ok).toBe(false);
    const bad = decodeClientMessage(JSON.stringify({ type: "terminal.resize", cols: "wide", rows: 24 }));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toContain("cols");
    const negative = decodeClientMessage(JSON.stringify({ type: "terminal.attach", cols: 80, rows: 24, lastSeq: -1 }));
    expect(negative.ok).toBe(false);
  });

  it("never takes a verdict from the browser: a check message carries only the step", () => {
    const forged = decodeClientMessage(JSON.stringify({ type: "check.run", step: 1, passed: true, score: 100 }));
    expect(forged).toEqual({ ok: true, message: { type: "check.run", step: 1 } });
    // Nor where it was graded: a submission says which step, the server decides the rest.
    const submitted = decodeClientMessage(JSON.stringify({ type: "check.submit", step: 1, mode: "verified", passed: true }));
    expect(submitted).toEqual({ ok: true, message: { type: "check.submit", step: 1 } });
  });

  it("tells the page where each run is graded: check.started and check.finished carry the mode", () => {
    const started = { type: "check.started", runId: "r1", step: 1, mode: "verified", checks: [] };
    expect(decodeServerMessage(JSON.stringify(started))).toEqual({ ok: true, message: started });
    expect(decodeServerMessage(JSON.stringify({ ...started, mode: undefined })).ok).toBe(false);
    expect(decodeServerMessage(JSON.stringify({ ...started, mode: "graded" })).ok).toBe(false);
    const finished = { type: "check.finished", runId: "r1", step: 1, mode: "practice", score: 100, passed: true, results: [] };
    expect(decodeServerMessage(JSON.stringify(finished))).toEqual({ ok: true, message: finished });
  });

  it("refuses frames over the size limit before parsing them", () => {
    const huge = JSON.stringify({ type: "terminal.input", data: "x".repeat(MAX_FRAME_BYTES) });
    const result = decodeClientMessage(huge);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/too large/);
    expect(decodeClientMessage(new TextEncoder().encode(JSON.stringify({ type: "ping", t: 2 }))).ok).toBe(true);
  });

  it("caps a single terminal input (a paste) and a lint body", () => {
    expect(decodeClientMessage(JSON.stringify({ type: "terminal.input", data: "y".repeat(70_000) })).ok).toBe(false);
    expect(decodeClientMessage(JSON.stringify({ type: "lint", step: 1, path: "a", content: "z".repeat(200_001) })).ok).toBe(false);
  });
});

describe("decodeServerMessage", () => {
  it("decodes check results with their fields", () => {
    const result = { id: "base-image", title: "Base", status: "fail", message: "Expected FROM debian:latest", phase: "static", line: 1, file: "x/Dockerfile" } as const;
    const decoded = decodeServerMessage(encodeMessage({ type: "check.result", runId: "r1", result }));
    expect(decoded).toEqual({ ok: true, message: { type: "check.result", runId: "r1", result } });
  });
});
