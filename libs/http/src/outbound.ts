import ipaddr from 'ipaddr.js';
import { lookup as dnsLookup } from 'node:dns/promises';
import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';

/**
 * Requests to addresses a user named (department webhooks): only to public unicast addresses. The host name is
 * resolved, every address it resolves to is checked, and the connection goes to the address that was checked
 * (the lookup that checks is the lookup the socket connects with), so a name that answers a public address to
 * the check and an internal one to the connection (DNS rebinding) gets nowhere.
 */

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}
/** Every address a host name resolves to. */
export type Resolve = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolve: Resolve = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => ({
    address: a.address,
    family: a.family === 6 ? 6 : 4,
  }));

/** A request refused before it left: the name or an address it resolves to is not public. */
export class OutboundRefused extends Error {
  override readonly name = 'OutboundRefused';
}

/** IPv4-compatible IPv6 (::a.b.c.d, deprecated by RFC 4291), which ipaddr.js counts as unicast. */
const IPV4_COMPATIBLE = ipaddr.parseCIDR('::/96');

/**
 * The special-purpose range (IANA registries, as ipaddr.js keeps them) an address lies in — loopback,
 * private, link-local, carrier-grade NAT, multicast, reserved and benchmarking (198.18.0.0/15), NAT64
 * (64:ff9b::/96), 6to4 (2002::/16), Teredo, site-local (fec0::/10), unique-local … — or undefined when it is
 * public unicast. An IPv4-mapped IPv6 address is judged as the IPv4 address it maps.
 */
export function specialPurposeRange(address: string): string | undefined {
  if (!ipaddr.isValid(address)) return 'not an IP address';
  const ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv6') {
    const v6 = ip as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) {
      const mapped = specialPurposeRange(v6.toIPv4Address().toString());
      return mapped && `IPv4-mapped ${mapped}`;
    }
    if (v6.match(IPV4_COMPATIBLE)) return 'IPv4-compatible';
  }
  const range = ip.range();
  return range === 'unicast' ? undefined : range;
}

/** Names that never mean a public host: localhost (also written `localhost.`), local-only zones, bare labels. */
function nameProblem(hostname: string): string | undefined {
  const name = hostname.toLowerCase().replace(/\.+$/, '');
  if (name === 'localhost' || name.endsWith('.localhost')) return 'the host must not be localhost';
  if (/(^|\.)(local|internal|home\.arpa|localdomain)$/.test(name)) return `the host ${name} is a local-only name`;
  if (!name.includes('.')) return `the host ${name} is a single label (resolved by local search domains)`;
  return undefined;
}

/** Why a URL's host is refused as it is written (name or IP literal), before any resolution. */
export function hostProblem(url: URL): string | undefined {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) {
    const range = specialPurposeRange(host);
    return range && `the address ${host} is not public (${range})`;
  }
  return nameProblem(host);
}

const isPublic = (address: string) => specialPurposeRange(address) === undefined;

/** Why a host is refused given every address it resolves to (one address not permitted is enough). */
function resolvedProblem(
  hostname: string,
  addresses: ResolvedAddress[],
  permits: (address: string) => boolean = isPublic,
): string | undefined {
  if (addresses.length === 0) return `${hostname} resolves to no address`;
  const refused = addresses.find((a) => !permits(a.address));
  return (
    refused &&
    `${hostname} resolves to ${refused.address}, which is not public (${specialPurposeRange(refused.address) ?? 'refused'})`
  );
}

/**
 * Why an endpoint is refused, or undefined when it is an https URL of a public host whose every address is
 * public unicast (resolved now; deliveries check again at connection time).
 */
export async function publicEndpointProblem(
  endpoint: string,
  resolve: Resolve = systemResolve,
): Promise<string | undefined> {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return 'not a URL';
  }
  if (url.protocol !== 'https:') return 'the endpoint must be an https URL';
  const problem = hostProblem(url);
  if (problem || isIP(url.hostname.replace(/^\[|\]$/g, ''))) return problem;
  let addresses: ResolvedAddress[];
  try {
    addresses = await resolve(url.hostname);
  } catch (err) {
    return `${url.hostname} does not resolve (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`;
  }
  return resolvedProblem(url.hostname, addresses);
}

export interface PublicClientOptions {
  resolve?: Resolve;
  /** Whether an address may be connected to: public unicast by default. */
  permits?: (address: string) => boolean;
}

export interface OutboundRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  timeoutMs: number;
  /** Longest answer read; the rest is dropped. Default 1 MB. */
  maxResponseBytes?: number;
}

export interface OutboundResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * An HTTP(S) client that connects only to permitted addresses, pinned: its sockets connect to the address its
 * own lookup checked, with the Host header and TLS server name of the URL's host. Redirects are not followed.
 */
export function publicHttpClient(options: PublicClientOptions = {}) {
  const resolve = options.resolve ?? systemResolve;
  const permits = options.permits ?? isPublic;
  const lookup = ((hostname: string, lookupOptions: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    resolve(hostname).then(
      (addresses) => {
        const problem = resolvedProblem(hostname, addresses, permits);
        if (problem) callback(new OutboundRefused(problem));
        else if (lookupOptions.all) callback(null, addresses);
        else callback(null, addresses[0]!.address, addresses[0]!.family);
      },
      (err) => callback(err),
    );
  }) as LookupFunction;
  const agents = {
    'http:': new http.Agent({ keepAlive: true, lookup } as http.AgentOptions),
    'https:': new https.Agent({ keepAlive: true, lookup } as https.AgentOptions),
  };

  return {
    request(url: string, init: OutboundRequest): Promise<OutboundResponse> {
      const target = new URL(url);
      if (target.protocol !== 'http:' && target.protocol !== 'https:')
        return Promise.reject(new OutboundRefused(`${target.protocol} URLs are not fetched`));
      const host = target.hostname.replace(/^\[|\]$/g, '');
      // An IP literal is connected to as written (no lookup): it is checked here.
      const problem = isIP(host)
        ? permits(host)
          ? undefined
          : `the address ${host} is not public (${specialPurposeRange(host)})`
        : nameProblem(host);
      if (problem) return Promise.reject(new OutboundRefused(problem));
      const limit = init.maxResponseBytes ?? 1024 * 1024;
      return new Promise<OutboundResponse>((resolveResponse, reject) => {
        const send = target.protocol === 'https:' ? https.request : http.request;
        const req = send(
          target,
          {
            method: init.method ?? 'GET',
            headers: init.headers,
            agent: agents[target.protocol as 'http:' | 'https:'],
            signal: AbortSignal.timeout(init.timeoutMs),
          },
          (res) => {
            const chunks: Buffer[] = [];
            let size = 0;
            res.on('data', (chunk: Buffer) => {
              if (size >= limit) return;
              chunks.push(chunk.subarray(0, limit - size));
              size += chunk.length;
            });
            res.on('end', () =>
              resolveResponse({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
            );
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(init.body);
      });
    },
    close(): void {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}
export type PublicHttpClient = ReturnType<typeof publicHttpClient>;
