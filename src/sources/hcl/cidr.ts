/** IPv4 address arithmetic for cidrsubnet, cidrsubnets, cidrhost and cidrnetmask. IPv6: unknown. */
import { EvalError, UNKNOWN, type Unknown } from "./values.js";

interface Prefix {
  base: bigint;
  length: number;
}

function parse(prefix: string): Prefix | Unknown {
  if (prefix.includes(":")) return UNKNOWN;
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(prefix);
  if (!m) throw new EvalError(`${prefix} is not a CIDR prefix`);
  const octets = m.slice(1, 5).map(Number);
  const length = Number(m[5]);
  if (octets.some((o) => o > 255) || length > 32) throw new EvalError(`${prefix} is not a CIDR prefix`);
  const address = octets.reduce((acc, o) => (acc << 8n) | BigInt(o), 0n);
  const mask = ((1n << BigInt(length)) - 1n) << BigInt(32 - length);
  return { base: address & mask, length };
}

function show(address: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((address >> s) & 255n)).join(".");
}

export function cidrSubnet(prefix: string, newbits: number, netnum: number): string | Unknown {
  const p = parse(prefix);
  if (p === UNKNOWN) return UNKNOWN;
  const length = p.length + newbits;
  if (!Number.isInteger(newbits) || newbits < 0 || length > 32) throw new EvalError("cidrsubnet: not enough address bits");
  if (!Number.isInteger(netnum) || netnum < 0 || BigInt(netnum) >= 1n << BigInt(newbits)) throw new EvalError("cidrsubnet: netnum out of range");
  return `${show(p.base | (BigInt(netnum) << BigInt(32 - length)))}/${length}`;
}

export function cidrSubnets(prefix: string, newbits: number[]): string[] | Unknown {
  const p = parse(prefix);
  if (p === UNKNOWN) return UNKNOWN;
  const out: string[] = [];
  let next = p.base;
  for (const bits of newbits) {
    const length = p.length + bits;
    if (!Number.isInteger(bits) || bits < 1 || length > 32) throw new EvalError("cidrsubnets: not enough address bits");
    const size = 1n << BigInt(32 - length);
    // Each subnet starts at the next boundary of its own size.
    const start = ((next + size - 1n) / size) * size;
    if (start + size > p.base + (1n << BigInt(32 - p.length))) throw new EvalError("cidrsubnets: not enough room");
    out.push(`${show(start)}/${length}`);
    next = start + size;
  }
  return out;
}

export function cidrHost(prefix: string, hostnum: number): string | Unknown {
  const p = parse(prefix);
  if (p === UNKNOWN) return UNKNOWN;
  const size = 1n << BigInt(32 - p.length);
  if (!Number.isInteger(hostnum)) throw new EvalError("cidrhost: hostnum must be whole");
  const n = hostnum < 0 ? size + BigInt(hostnum) : BigInt(hostnum);
  if (n < 0n || n >= size) throw new EvalError("cidrhost: hostnum out of range");
  return show(p.base + n);
}

export function cidrNetmask(prefix: string): string | Unknown {
  const p = parse(prefix);
  if (p === UNKNOWN) return UNKNOWN;
  return show(((1n << BigInt(p.length)) - 1n) << BigInt(32 - p.length));
}
