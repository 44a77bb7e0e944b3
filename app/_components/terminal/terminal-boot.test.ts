import { afterEach, describe, expect, it } from "vitest";
import { bootTerminal, takeBootTerminal, BOOT_TERMINAL_KEY, type BootTerminal } from "./terminal-boot";
import { TERMINAL_BOOT_CONFIG, TERMINAL_BOOT_SCRIPT } from "./terminal-boot-script";
import { EARLY_SOCKET_KEY } from "../socket/early-socket";
import { FakeWebSocket } from "../socket/testing/fake-websocket";

// The page runs the function from its text: so do the tests, which proves it needs nothing from this module.
const bootFromText = new Function(`return (${bootTerminal.toString()});`)() as typeof bootTerminal;

type Written = { data: string; painted?: () => void };

/** xterm stand-in: what was written, reset and sent back as typed. */
class FakeTerminal {
  static made: FakeTerminal[] = [];
  static failOpen = false;
  written: Written[] = [];
  resets = 0;
  disposed = false;
  cols = 80;
  rows = 24;
  element: object | undefined;
  keyHandler: ((event: KeyboardEvent) => boolean) | null = null;
  private dataListener: ((data: string) => void) | null = null;
  constructor(readonly options: Record<string, unknown>) {
    FakeTerminal.made.push(this);
  }
  loadAddon(): void {}
  open(slot: FakeSlot): void {
    if (FakeTerminal.failOpen) throw new Error("no canvas");
    this.element = {};
    slot.childNodes.push(this.element);
    this.cols = 120;
    this.rows = 30;
  }
  write(data: string, painted?: () => void): void {
    this.written.push({ data, painted });
  }
  reset(): void {
    this.resets += 1;
    this.written = [];
  }
  dispose(): void {
    this.disposed = true;
  }
  attachCustomKeyEventHandler(handler: (event: KeyboardEvent) => boolean): void {
    this.keyHandler = handler;
  }
  onData(listener: (data: string) => void) {
    this.dataListener = listener;
    return { dispose: () => (this.dataListener = null) };
  }
  type(data: string): void {
    this.dataListener?.(data);
  }
  screen(): string {
    return this.written.map((w) => w.data).join("");
  }
}

class FakeFit {
  fit(): void {}
}

class FakeSlot {
  childNodes: object[] = [];
  set textContent(_value: string) {
    this.childNodes = [];
  }
  contains(element: object): boolean {
    return this.childNodes.includes(element);
  }
}

type Page = { win: Record<string, unknown>; ws: FakeWebSocket; slot: FakeSlot; early: { ws: FakeWebSocket; frames: string[]; overflowed: boolean } };

function page({ theme = "dark", fontSize = "large", slot = new FakeSlot() }: { theme?: string; fontSize?: string; slot?: FakeSlot | null } = {}): Page {
  const ws = new FakeWebSocket("ws://localhost/ws");
  const early = { ws, frames: [] as string[], overflowed: false };
  ws.onmessage = ((event: { data: unknown }) => typeof event.data === "string" && early.frames.push(event.data)) as never;
  const attributes: Record<string, string> = { "data-theme": theme, "data-font-size": fontSize };
  const win: Record<string, unknown> = {
    [EARLY_SOCKET_KEY]: early,
    document: { querySelector: (selector: string) => (selector === "[data-terminal-slot]" ? slot : null), documentElement: { getAttribute: (name: string) => attributes[name] ?? null } },
    matchMedia: () => ({ matches: true }),
    performance: { getEntriesByName: () => [], mark: () => undefined },
    requestAnimationFrame: (run: () => void) => run(),
  };
  return { win, ws, slot: slot!, early };
}

const boot = (p: Page) => bootFromText(p.win as unknown as Window, FakeTerminal as never, FakeFit as never, TERMINAL_BOOT_CONFIG);
const output = (seq: number, data: string, node?: string) => JSON.stringify({ type: "terminal.output", seq, data, ...(node ? { node } : {}) });

afterEach(() => {
  FakeTerminal.made = [];
  FakeTerminal.failOpen = false;
  FakeWebSocket.created = [];
});

describe("the terminal drawn before React (boot script)", () => {
  it("opens xterm in the slot with the page's theme and text size, draws what the early socket kept, then what follows", () => {
    const p = page();
    p.ws.open();
    p.ws.receive('{"type":"engine.status","state":"ready","message":"Ready"}');
    p.ws.receive('{"type":"terminal.reset"}');
    p.ws.receive(output(1, "learner@wb:~$ "));
    boot(p);
    const term = FakeTerminal.made[0]!;
    expect(p.slot.childNodes).toHaveLength(1);
    expect(term.options).toMatchObject({ fontSize: 15, theme: TERMINAL_BOOT_CONFIG.themes.dark, scrollback: 5000 });
    expect(term.screen()).toBe("learner@wb:~$ ");
    expect(term.resets).toBe(1);
    p.ws.receive(output(2, "ls\r\n"));
    p.ws.receive(output(1, "node1$ ", "node1"));
    expect(term.screen()).toBe("learner@wb:~$ ls\r\n");
    // The slot's real size, after the early attach's 80×24.
    expect(p.ws.sent.map((frame) => JSON.parse(frame))).toEqual([{ type: "terminal.resize", cols: 120, rows: 30 }]);
  });

  it("sends what is typed as terminal.input, keeps the page's save and Check keys from the shell, and stops at the hand-over", () => {
    const p = page();
    p.ws.open();
    boot(p);
    const term = FakeTerminal.made[0]!;
    term.type("echo hi\r");
    expect(JSON.parse(p.ws.sent.at(-1)!)).toEqual({ type: "terminal.input", data: "echo hi\r" });
    expect(term.keyHandler!({ ctrlKey: true, metaKey: false, altKey: false, key: "s" } as KeyboardEvent)).toBe(false);
    expect(term.keyHandler!({ ctrlKey: false, metaKey: false, altKey: false, key: "a" } as KeyboardEvent)).toBe(true);

    p.ws.receive('{"type":"terminal.reset"}');
    p.ws.receive(output(1, "$ "));
    p.ws.receive('{"type":"engine.status","state":"ready","message":"Ready"}');
    const taken = takeBootTerminal(p.slot as unknown as HTMLElement, p.win) as BootTerminal;
    expect(taken.terminal).toBe(term);
    expect(p.win[BOOT_TERMINAL_KEY]).toBeUndefined();
    expect(taken.stop()).toEqual({ drawn: 2, lastSeq: 1 });
    const sent = p.ws.sent.length;
    term.type("x");
    p.ws.receive(output(2, "more"));
    expect(p.ws.sent).toHaveLength(sent);
    expect(term.screen()).toBe("$ ");
  });

  it("says it drew nothing the workbench will replay when the early socket closed before the hand-over", () => {
    const p = page();
    p.ws.open();
    boot(p);
    p.ws.receive(output(1, "$ "));
    p.ws.end();
    expect(takeBootTerminal(p.slot as unknown as HTMLElement, p.win)!.stop()).toEqual({ drawn: 0, lastSeq: 1 });
  });

  it("opens nothing without an early socket, a slot, or with a slot React already filled; leaves nothing when xterm fails", () => {
    const none = page();
    delete none.win[EARLY_SOCKET_KEY];
    boot(none);
    boot(page({ slot: null }));
    const filled = new FakeSlot();
    filled.childNodes.push({});
    boot(page({ slot: filled }));
    expect(FakeTerminal.made).toHaveLength(0);

    FakeTerminal.failOpen = true;
    const failing = page();
    boot(failing);
    expect(FakeTerminal.made[0]!.disposed).toBe(true);
    expect(failing.win[BOOT_TERMINAL_KEY]).toBeUndefined();
    expect(failing.slot.childNodes).toEqual([]);
  });

  it("a boot terminal opened in another element is not adopted: stopped and disposed", () => {
    const p = page();
    boot(p);
    expect(takeBootTerminal(new FakeSlot() as unknown as HTMLElement, p.win)).toBeNull();
    expect(FakeTerminal.made[0]!.disposed).toBe(true);
  });

  it("the inline script imports the served modules and calls the function with the page's config", () => {
    expect(TERMINAL_BOOT_SCRIPT).toMatch(/^import\{Terminal\}from"\/terminal-boot\/xterm-[\d.]+\.mjs";import\{FitAddon\}from"\/terminal-boot\/addon-fit-[\d.]+\.mjs";\(/);
    expect(TERMINAL_BOOT_SCRIPT).toContain(`(window,Terminal,FitAddon,${JSON.stringify(TERMINAL_BOOT_CONFIG)});`);
  });
});
