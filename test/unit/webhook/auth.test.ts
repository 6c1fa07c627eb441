import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { authorize, WebhookRequestError, type WebhookAuth } from '../../../src/webhook/index.js';
import { glusterJwt } from './captured-bodies.js';

const NOW = 1_795_503_416_000;
const SECRET = 'jwt-secret-123';
const tokenOnly: WebhookAuth = { token: 'tok123-long-enough', jwtSecret: null, skewSeconds: 30 };
const jwtOnly: WebhookAuth = { token: null, jwtSecret: SECRET, skewSeconds: 30 };
const both: WebhookAuth = { ...tokenOnly, jwtSecret: SECRET };
const claims = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({ exp: NOW / 1000 + 60, iss: 'gluster', sub: 'VOLUME_START', iat: NOW / 1000, ...overrides });

/** The reason of the 401, or null when the header is accepted. */
function refusal(header: string | undefined, auth: WebhookAuth): string | null {
  try {
    authorize(header, auth, NOW);
    return null;
  } catch (error) {
    assert.ok(error instanceof WebhookRequestError);
    assert.equal(error.code, 'WEBHOOK_UNAUTHORIZED');
    return error.reason;
  }
}

describe('webhook auth: static bearer token', () => {
  test('the configured token is accepted, case-insensitive scheme', () => {
    assert.equal(refusal('Bearer tok123-long-enough', tokenOnly), null);
    assert.equal(refusal('bearer tok123-long-enough', tokenOnly), null);
  });
  test('a different token, a prefix of it, or a longer one is refused', () => {
    assert.equal(refusal('Bearer tok123-long-enougX', tokenOnly), 'bearer token does not match');
    assert.equal(refusal('Bearer tok123', tokenOnly), 'bearer token does not match');
    assert.equal(refusal('Bearer tok123-long-enough-and-more', tokenOnly), 'bearer token does not match');
  });
  test('a missing header or another scheme is refused with its own reason', () => {
    assert.equal(refusal(undefined, tokenOnly), 'no Authorization header');
    assert.equal(refusal('', tokenOnly), 'no Authorization header');
    assert.equal(refusal('Basic dXNlcjpwYXNz', tokenOnly), 'Authorization is not "Bearer <token>"');
  });
  test('a JWT is not accepted when only a token is configured', async () => {
    assert.equal(refusal(`Bearer ${await glusterJwt(SECRET, claims())}`, tokenOnly), 'bearer token does not match');
  });
});

describe('webhook auth: Gluster HS256 JWT', () => {
  test('a token signed with the secret, issuer gluster, not expired, is accepted', async () => {
    assert.equal(refusal(`Bearer ${await glusterJwt(SECRET, claims())}`, jwtOnly), null);
    assert.equal(refusal(`Bearer ${await glusterJwt(SECRET, claims())}`, both), null);
    assert.equal(refusal('Bearer tok123-long-enough', both), null, 'the static token still works beside it');
  });
  test('expired beyond the clock skew is refused; within the skew it passes', async () => {
    assert.equal(refusal(`Bearer ${await glusterJwt(SECRET, claims({ exp: NOW / 1000 - 31 }))}`, jwtOnly), 'JWT expired');
    assert.equal(refusal(`Bearer ${await glusterJwt(SECRET, claims({ exp: NOW / 1000 - 29 }))}`, jwtOnly), null);
  });
  test('a bad signature, alg none, another issuer or no exp is refused', async () => {
    const good = await glusterJwt(SECRET, claims());
    assert.equal(refusal(`Bearer ${await glusterJwt('another-secret', claims())}`, jwtOnly), 'JWT signature does not match');
    assert.equal(refusal(`Bearer ${good.slice(0, -2)}AA`, jwtOnly), 'JWT signature does not match');
    const [header, , signature] = good.split('.');
    const forged = Buffer.from(JSON.stringify(claims({ sub: 'VOLUME_DELETE' }))).toString('base64url');
    assert.equal(refusal(`Bearer ${header}.${forged}.${signature}`, jwtOnly), 'JWT signature does not match', 'claims changed after signing');
    assert.equal(refusal(`Bearer ${await glusterJwt(SECRET, claims(), { alg: 'none' })}`, jwtOnly), 'JWT algorithm must be HS256');
    assert.equal(refusal(`Bearer ${await glusterJwt(SECRET, claims({ iss: 'someone' }))}`, jwtOnly), 'JWT issuer is not "gluster"');
    assert.equal(refusal(`Bearer ${await glusterJwt(SECRET, claims({ exp: undefined }))}`, jwtOnly), 'JWT has no numeric exp');
    assert.equal(refusal('Bearer a.b', jwtOnly), 'bearer token does not match');
  });
});
