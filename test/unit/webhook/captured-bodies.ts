/**
 * Webhook bodies captured verbatim from glustereventsd (GlusterFS 10.3, Debian) in
 * docs reference real-services.md §3; `$DIR` was the capture's scratch folder, kept as is.
 */
export const CAPTURED_BODIES = [
  '{"event": "VOLUME_CREATE", "message": {"bricks": " vm:$DIR/bricks/b2", "name": "testvol"}, "nodeid": "96180a4c-b69d-4da0-a674-4b04a80a2124", "ts": 1795503416}',
  '{"event": "BRICK_CONNECTED", "message": {"brick": "$DIR/bricks/b2", "peer": "vm", "volume": "testvol"}, "nodeid": "96180a4c-b69d-4da0-a674-4b04a80a2124", "ts": 1795503416}',
  '{"event": "VOLUME_START", "message": {"force": false, "name": "testvol"}, "nodeid": "96180a4c-b69d-4da0-a674-4b04a80a2124", "ts": 1795503416}',
  '{"event": "VOLUME_STOP", "message": {"force": false, "name": "testvol"}, "nodeid": "96180a4c-b69d-4da0-a674-4b04a80a2124", "ts": 1795503419}',
  '{"event": "VOLUME_STOP", "message": {"force": false, "name": "testvol"}, "nodeid": "73c0ac0a-9b71-48f1-926f-5a50fcd3dfd0", "ts": 1795503192}',
  '{"event": "VOLUME_START", "message": {"force": false, "name": "testvol"}, "nodeid": "73c0ac0a-9b71-48f1-926f-5a50fcd3dfd0", "ts": 1795503194}',
  '{"event": "VOLUME_SET", "message": {"name": "testvol", "options": [["performance.cache-size", "32MB"]]}, "nodeid": "73c0ac0a-9b71-48f1-926f-5a50fcd3dfd0", "ts": 1795503249}',
  '{"event": "CLIENT_DISCONNECT", "message": {"brick_path": "$DIR/bricks/b1", "client_identifier": "127.0.0.1:49148", "client_uid": "CTX_ID:d03e9766-8043-41a1-8784-3dd44962fc8c-GRAPH_ID:0-PID:13651-HOST:vm-PC_NAME:testvol-client-0-RECON_NO:-0", "server_identifier": "127.0.0.1:51771"}, "nodeid": "73c0ac0a-9b71-48f1-926f-5a50fcd3dfd0", "ts": 1795503262}',
  '{"event": "VOLUME_DELETE", "message": {"name": "testvol"}, "nodeid": "73c0ac0a-9b71-48f1-926f-5a50fcd3dfd0", "ts": 1795503270}',
] as const;

/** Builds an HS256 JWT the way glustereventsd's `get_jwt_token` means to (header, claims, base64url, no padding). */
export async function glusterJwt(secret: string, claims: Record<string, unknown>, header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' }): Promise<string> {
  const { createHmac } = await import('node:crypto');
  const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part(header)}.${part(claims)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}
