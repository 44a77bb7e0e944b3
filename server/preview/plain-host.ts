/** A Host header value when it is a plain `name[:port]` (or `[ipv6][:port]`), undefined otherwise. */
export function plainHost(value: string | undefined): string | undefined {
  const host = value?.trim();
  return host && /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/.test(host) ? host : undefined;
}
