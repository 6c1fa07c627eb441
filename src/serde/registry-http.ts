import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export interface RegistryHttpResponse {
  readonly status: number;
  readonly text: string;
}

/**
 * The registry's HTTP transport: one agent per client, shared with the registry library (which speaks
 * through mappersmith's Node gateway), so both trust the same CA for an https registry. Node's own
 * `fetch` cannot be given a CA without the undici package, hence node:http(s).
 */
export interface RegistryHttp {
  readonly agent: HttpAgent;
  send(method: 'GET' | 'PUT' | 'POST', url: string, headers: Readonly<Record<string, string>>, body?: string): Promise<RegistryHttpResponse>;
}

/** `ca`: PEM of the registry's CA for https; Node's default trust store otherwise. */
export function createRegistryHttp(options: { readonly url: string; readonly ca?: string; readonly timeoutMs?: number }): RegistryHttp {
  const secure = options.url.startsWith('https:');
  const agent = secure ? new HttpsAgent({ keepAlive: true, ...(options.ca === undefined ? {} : { ca: options.ca }) }) : new HttpAgent({ keepAlive: true });
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    agent,
    send(method, url, headers, body) {
      return new Promise((resolve, reject) => {
        const send = secure ? httpsRequest : httpRequest;
        const outgoing = send(url, { method, headers, agent, timeout: timeoutMs }, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          response.on('error', reject);
        });
        outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer from ${url} within ${timeoutMs} ms`)));
        outgoing.on('error', reject);
        outgoing.end(body);
      });
    },
  };
}
