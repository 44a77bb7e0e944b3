/**
 * The terminal's messages that arrive before xterm is there to draw them. The page's socket is
 * open (and its attach sent) before hydration (../socket/early-socket.ts), so the shell's prompt
 * usually arrives while xterm's code is still loading. The terminal pane records them from its
 * first render; the terminal view, when it mounts, takes them (in order), draws them and asks the
 * server only for what came after (`lastSeq`). Recording stops once taken, or when it grows past
 * MAX_BACKLOG_CHARS: then it is dropped, and the view attaches from the start as it always did.
 * A view mounted before the pane listens (the same React commit: children's effects run first)
 * takes nothing and hears every message itself; the pane then records nothing.
 */
import type { ServerMessage } from "@/lib/protocol/messages";
import type { WorkbenchSocket } from "../socket/workbench-socket";

export type TerminalMessage = Extract<ServerMessage, { type: "terminal.output" | "terminal.reset" | "terminal.exit" }>;

/** Output kept for the view (characters); the server replays at least as much on an attach from the start. */
export const MAX_BACKLOG_CHARS = 256 * 1024;

const isTerminalMessage = (message: ServerMessage): message is TerminalMessage => message.type === "terminal.output" || message.type === "terminal.reset" || message.type === "terminal.exit";

export class TerminalBacklog {
  private messages: TerminalMessage[] = [];
  private chars = 0;
  private taken = false;
  private stopListening: (() => void) | null = null;

  /** Records the socket's terminal messages until take(); returns what stops it. Nothing once taken. */
  listenTo(socket: Pick<WorkbenchSocket, "onMessage">): () => void {
    if (this.taken || this.stopListening) return () => this.dispose();
    this.stopListening = socket.onMessage((message) => {
      if (!isTerminalMessage(message)) return;
      this.chars += message.type === "terminal.output" ? message.data.length : 0;
      if (this.chars > MAX_BACKLOG_CHARS) {
        this.taken = true; // incomplete: the view attaches from the start
        return this.dispose();
      }
      this.messages.push(message);
    });
    return () => this.dispose();
  }

  /** Everything recorded, in order of arrival, once: recording stops, and a second call gets nothing. */
  take(): TerminalMessage[] {
    const taken = this.messages;
    this.taken = true;
    this.dispose();
    return taken;
  }

  /** Stops recording and forgets what was recorded. */
  dispose(): void {
    this.stopListening?.();
    this.stopListening = null;
    this.messages = [];
    this.chars = 0;
  }
}
