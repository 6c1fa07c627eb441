import { createHmac, timingSafeEqual } from 'node:crypto';

export interface JwtCheck {
  readonly secret: string;
  /** Epoch milliseconds, injected so tests control time. */
  readonly now: number;
  /** Tolerated clock difference between the Gluster node and us, in seconds. */
  readonly skewSeconds: number;
}

/** The claims glustereventsd puts in its tokens (`gfevents/utils.py` `get_jwt_token`). */
export interface GlusterJwtClaims {
  readonly iss: string;
  readonly sub: string;
  readonly exp: number;
  readonly iat?: number;
}

/**
 * Verifies a Gluster events HS256 JWT: header `alg` must be HS256 (no `none`, no algorithm
 * confusion), the HMAC-SHA256 signature over `header.payload` must match (constant time), `iss`
 * must be "gluster" and `exp` (the node's clock + 60 s) not passed by more than the skew.
 * Returns the claims, or the reason it is refused.
 *
 * @example verifyGlusterJwt(token, { secret, now: Date.now(), skewSeconds: 30 }) // { ok: true, claims: { sub: 'VOLUME_START', ... } }
 */
export function verifyGlusterJwt(token: string, check: JwtCheck): { ok: true; claims: GlusterJwtClaims } | { ok: false; reason: string } {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'not a JWT' };
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = decodeJson(headerPart);
  if (header === null || header['alg'] !== 'HS256') return { ok: false, reason: 'JWT algorithm must be HS256' };
  const expected = createHmac('sha256', check.secret).update(`${headerPart}.${payloadPart}`).digest();
  const presented = Buffer.from(signaturePart, 'base64url');
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return { ok: false, reason: 'JWT signature does not match' };
  const claims = decodeJson(payloadPart);
  if (claims === null) return { ok: false, reason: 'JWT payload is not a JSON object' };
  const { iss, sub, exp, iat } = claims;
  if (iss !== 'gluster') return { ok: false, reason: 'JWT issuer is not "gluster"' };
  if (typeof exp !== 'number') return { ok: false, reason: 'JWT has no numeric exp' };
  if (exp + check.skewSeconds < check.now / 1000) return { ok: false, reason: 'JWT expired' };
  if (typeof sub !== 'string') return { ok: false, reason: 'JWT has no subject' };
  return { ok: true, claims: { iss, sub, exp, ...(typeof iat === 'number' ? { iat } : {}) } };
}

function decodeJson(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
