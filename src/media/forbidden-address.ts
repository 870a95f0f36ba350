import { isIPv4, isIPv6 } from "node:net";

/**
 * Which IP addresses Outloud must never fetch from by itself (SSRF guard):
 * loopback, private, link-local, CGNAT, multicast, reserved, documentation,
 * and IPv6 forms that embed such an IPv4 address (mapped, NAT64, 6to4).
 * Our own parsing rather than `BlockList`, so the embedded-IPv4 rules are explicit.
 */
const FORBIDDEN_V4: readonly (readonly [string, number])[] = [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // CGNAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, cloud metadata
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, includes 255.255.255.255
];

function v4ToNumber(ip: string): number {
  return ip.split(".").reduce((acc, part) => acc * 256 + Number(part), 0);
}

const V4_RANGES = FORBIDDEN_V4.map(([base, bits]) => {
  const size = 2 ** (32 - bits);
  const start = Math.floor(v4ToNumber(base) / size) * size;
  return { start, end: start + size - 1 };
});

function forbiddenV4Number(n: number): boolean {
  return V4_RANGES.some((range) => n >= range.start && n <= range.end);
}

/** The eight 16-bit groups of a valid IPv6 address (dotted tail allowed). */
function v6Groups(ip: string): number[] {
  let text = ip;
  const tail: number[] = [];
  const dotted = text.match(/(\d+\.\d+\.\d+\.\d+)$/);
  if (dotted?.[1]) {
    const n = v4ToNumber(dotted[1]);
    tail.push(Math.floor(n / 65536), n % 65536);
    text = `${text.slice(0, -dotted[1].length)}0`; // placeholder group, replaced below
  }
  const [head = "", rest] = text.split("::");
  const parse = (part: string) => (part ? part.split(":").map((g) => Number.parseInt(g, 16)) : []);
  const left = parse(head);
  const right = rest === undefined ? [] : parse(rest);
  if (tail.length) {
    const into = rest === undefined ? left : right;
    into.pop();
    into.push(...tail);
  }
  const zeros = new Array<number>(8 - left.length - right.length).fill(0);
  return [...left, ...zeros, ...right];
}

function embeddedV4(high: number, low: number): number {
  return high * 65536 + low;
}

function forbiddenV6(ip: string): boolean {
  const g = v6Groups(ip);
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g;
  const firstFourZero = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0;
  // ::/96 (unspecified, loopback, deprecated IPv4-compatible): never a real peer.
  if (firstFourZero && g4 === 0 && g5 === 0) return true;
  // IPv4-mapped ::ffff:0:0/96 and IPv4-translated ::ffff:0:0:0/96: judge the IPv4 inside.
  if (firstFourZero && ((g4 === 0 && g5 === 0xffff) || (g4 === 0xffff && g5 === 0))) {
    return forbiddenV4Number(embeddedV4(g6, g7));
  }
  // NAT64 well-known prefix 64:ff9b::/96: judge the IPv4 inside.
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) {
    return forbiddenV4Number(embeddedV4(g6, g7));
  }
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 1) return true; // NAT64 local-use 64:ff9b:1::/48
  if (g0 === 0x2002) return forbiddenV4Number(embeddedV4(g1, g2)); // 6to4
  if (g0 === 0x2001 && g1 === 0x0db8) return true; // documentation
  if ((g0 & 0xfe00) === 0xfc00) return true; // unique local fc00::/7
  if ((g0 & 0xffc0) === 0xfe80) return true; // link-local fe80::/10
  if ((g0 & 0xff00) === 0xff00) return true; // multicast ff00::/8
  return false;
}

/** True when the address is one Outloud must not connect to; anything unparsable is refused. */
export function isForbiddenAddress(ip: string): boolean {
  const bare = ip.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  if (isIPv4(bare)) return forbiddenV4Number(v4ToNumber(bare));
  if (isIPv6(bare)) return forbiddenV6(bare.toLowerCase());
  return true;
}
