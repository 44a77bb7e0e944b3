/**
 * A translated text with elements in it: `{name}` placeholders become the given nodes (code,
 * strong), so each language places them where its grammar wants them.
 */
import { Fragment, type ReactNode } from "react";

export function richText(text: string, parts: Record<string, ReactNode>): ReactNode {
  return text.split(/(\{\w+\})/g).map((piece, index) => {
    const name = /^\{(\w+)\}$/.exec(piece)?.[1];
    return <Fragment key={index}>{name !== undefined && name in parts ? parts[name] : piece}</Fragment>;
  });
}
