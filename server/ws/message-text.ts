/**
 * Gives a server message its `text` (lib/i18n/text-ref.ts) so that the page can say it in the
 * student's language. Code that builds its message as a TextRef sets `text` itself; a message
 * written as plain English elsewhere (the engines, the cluster, the grading services) is
 * recognised here against the English of the server's catalog, its `{name}` parts read back as
 * values. An English the catalog does not know is sent as it is (the page shows it in English).
 */
import type { ServerMessage } from "../../lib/protocol/messages";
import type { TextRef } from "../../lib/i18n/text-ref";
import { SERVER_TEXTS } from "../../lib/i18n/texts/server-texts";

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const PATTERNS = Object.entries(SERVER_TEXTS).map(([key, { en }]) => {
  const names: string[] = [];
  const source = en
    .split(/(\{\w+\})/)
    .map((part) => {
      const name = /^\{(\w+)\}$/.exec(part)?.[1];
      if (!name) return escape(part);
      names.push(name);
      return "([\\s\\S]*?)";
    })
    .join("");
  return { key, names, pattern: new RegExp(`^${source}$`) };
});

/** The catalog message whose English this is, with its values; undefined when none is. */
export function recognizeServerText(english: string): TextRef | undefined {
  for (const { key, names, pattern } of PATTERNS) {
    const match = pattern.exec(english);
    if (!match) continue;
    if (names.length === 0) return { key };
    // A value that is itself a message of the catalog (a queue's estimate) is said as one too.
    const values = names.map((name, index) => {
      const value = match[index + 1] ?? "";
      return [name, (value && recognizeServerText(value)) || value] as const;
    });
    return { key, values: Object.fromEntries(values) };
  }
  return undefined;
}

/** The message with its `text`, when it has a message the catalog knows and no text yet. */
export function withMessageText(message: ServerMessage): ServerMessage {
  if (!("message" in message) || message.text) return message;
  const text = recognizeServerText(message.message);
  return text ? { ...message, text } : message;
}
