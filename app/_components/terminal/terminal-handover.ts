/**
 * The terminal view's side of adopting the boot terminal (./terminal-boot.ts). The boot drew the
 * first `drawn` terminal messages of the student's own shell that the page's early socket received;
 * the workbench's socket, taking that socket over, hands every one of its frames to the listeners
 * again, from the first. The view lets those `drawn` messages pass unhandled (drawing them twice
 * would repeat the prompt, a reset among them would clear it), then handles the rest as its own.
 */
import type { ServerMessage } from "@/lib/protocol/messages";

export class TerminalHandoverSkip {
  constructor(private remaining: number) {}

  /** Whether `message` is one the boot terminal already drew (counted off once). */
  alreadyDrawn(message: ServerMessage): boolean {
    if (this.remaining <= 0) return false;
    if (message.type !== "terminal.output" && message.type !== "terminal.reset" && message.type !== "terminal.exit") return false;
    if (message.node !== undefined) return false; // the boot draws only the student's own shell
    this.remaining -= 1;
    return true;
  }
}
