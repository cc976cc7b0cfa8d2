// IP literal parsing and range checks for the SSRF rules in url-rules.ts.
// Input is the canonical text the WHATWG URL parser emits (dotted-quad IPv4,
// compressed lowercase IPv6), so these parsers stay strict and small.

type Cidr = readonly [base: number, prefixLength: number];

const octets = (a: number, b: number, c: number, d: number): number =>
  ((a * 256 + b) * 256 + c) * 256 + d;

// Everything a public webhook can never legitimately live in (RFC 6890 and friends).
const PRIVATE_IPV4: readonly Cidr[] = [
  [octets(0, 0, 0, 0), 8], // "this network"; 0.0.0.0 reaches the local host on Linux
  [octets(10, 0, 0, 0), 8],
  [octets(100, 64, 0, 0), 10], // CGNAT
  [octets(127, 0, 0, 0), 8],
  [octets(169, 254, 0, 0), 16], // link-local, home of cloud metadata endpoints
  [octets(172, 16, 0, 0), 12],
  [octets(192, 0, 0, 0), 24], // IETF protocol assignments
  [octets(192, 0, 2, 0), 24], // TEST-NET-1
  [octets(192, 88, 99, 0), 24], // deprecated 6to4 relay anycast (RFC 7526)
  [octets(192, 168, 0, 0), 16],
  [octets(198, 18, 0, 0), 15], // benchmarking
  [octets(198, 51, 100, 0), 24], // TEST-NET-2
  [octets(203, 0, 113, 0), 24], // TEST-NET-3
  [octets(224, 0, 0, 0), 4], // multicast
  [octets(240, 0, 0, 0), 4], // reserved, includes 255.255.255.255
];

/** Parses a dotted-quad IPv4 address into a 32-bit unsigned number, or null when it is not one. */
export function parseIPv4(text: string): number | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const octet = Number(part);
    if (octet > 255) return null;
    value = value * 256 + octet;
  }
  return value;
}

/** True when a 32-bit IPv4 address lies in a private, local or reserved range. */
export function isPrivateIPv4(address: number): boolean {
  return PRIVATE_IPV4.some(([base, length]) => {
    const size = 2 ** (32 - length);
    return Math.floor(address / size) === Math.floor(base / size);
  });
}

/** Parses an IPv6 address (without brackets or zone) into its eight 16-bit groups, or null when it is not one. */
export function parseIPv6(text: string): number[] | null {
  let body = text.toLowerCase();
  // A trailing dotted quad spells the last two groups (::ffff:1.2.3.4); rewrite it in hex.
  const lastColon = body.lastIndexOf(":");
  const last = body.slice(lastColon + 1);
  if (last.includes(".")) {
    const v4 = parseIPv4(last);
    if (v4 === null || lastColon < 0) return null;
    const hex = (n: number) => n.toString(16);
    body = `${body.slice(0, lastColon + 1)}${hex(Math.floor(v4 / 0x10000))}:${hex(v4 % 0x10000)}`;
  }
  const halves = body.split("::");
  if (halves.length > 2) return null;
  const parse = (s: string): number[] | null => {
    if (s === "") return [];
    const groups = s.split(":");
    if (!groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return null;
    return groups.map((g) => parseInt(g, 16));
  };
  const head = parse(halves[0] ?? "");
  const rest = halves.length === 2 ? parse(halves[1] ?? "") : [];
  if (head === null || rest === null) return null;
  const explicit = head.length + rest.length;
  if (halves.length === 1) return explicit === 8 ? head : null;
  if (explicit > 7) return null;
  return [...head, ...new Array<number>(8 - explicit).fill(0), ...rest];
}

const embeddedIPv4 = (high: number, low: number): number => high * 0x10000 + low;

/** True when an IPv6 address (eight groups) is private, local, reserved, or wraps an IPv4 address that is. */
export function isPrivateIPv6(groups: readonly number[]): boolean {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = groups;
  const zeroUpTo = (n: number) => groups.slice(0, n).every((g) => g === 0);
  // Translation forms carry an IPv4 address that is where the packet really goes.
  if (zeroUpTo(5) && g5 === 0xffff) return isPrivateIPv4(embeddedIPv4(g6, g7)); // ::ffff:0:0/96 mapped
  if (zeroUpTo(4) && g4 === 0xffff && g5 === 0) return isPrivateIPv4(embeddedIPv4(g6, g7)); // ::ffff:0:0:0/96 SIIT
  // ::/96 IPv4-compatible; :: and ::1 land in 0.0.0.0/8 and are refused with it.
  if (zeroUpTo(6)) return isPrivateIPv4(embeddedIPv4(g6, g7));
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) {
    return isPrivateIPv4(embeddedIPv4(g6, g7)); // 64:ff9b::/96 NAT64
  }
  if (g0 === 0x2002) return isPrivateIPv4(embeddedIPv4(g1, g2)); // 2002::/16 6to4
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 1) return true; // 64:ff9b:1::/48 local-use NAT64
  if (g0 === 0x100 && g1 === 0 && g2 === 0 && g3 === 0) return true; // 100::/64 discard-only
  if (g0 === 0x2001 && g1 === 0) return true; // 2001::/32 Teredo tunnels
  if (g0 === 0x2001 && g1 === 2 && g2 === 0) return true; // 2001:2::/48 benchmarking
  if (g0 === 0x2001 && (g1 & 0xfff0) === 0x10) return true; // 2001:10::/28 ORCHID (deprecated)
  if (g0 === 0x2001 && (g1 & 0xfff0) === 0x20) return true; // 2001:20::/28 ORCHIDv2
  if (g0 === 0x2001 && g1 === 0xdb8) return true; // 2001:db8::/32 documentation
  if (g0 === 0x3fff && (g1 & 0xf000) === 0) return true; // 3fff::/20 documentation
  if ((g0 & 0xfe00) === 0xfc00) return true; // fc00::/7 unique local
  if ((g0 & 0xffc0) === 0xfe80) return true; // fe80::/10 link-local
  if ((g0 & 0xffc0) === 0xfec0) return true; // fec0::/10 deprecated site-local
  return (g0 & 0xff00) === 0xff00; // ff00::/8 multicast
}
