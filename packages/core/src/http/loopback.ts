import { isIP } from 'node:net';

/**
 * True when `host` names this machine's loopback interface only (`localhost`, `127.0.0.0/8`, `::1`).
 * Anything else — including `0.0.0.0` and `::`, which bind every interface — is remote.
 */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1' || bare === '0:0:0:0:0:0:0:1';
  return false;
}
