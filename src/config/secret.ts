/**
 * Attaches a secret to a settings object as a non-enumerable property. JSON.stringify (and so pino),
 * `util.inspect`, `console.log` and object spreads all skip non-enumerable properties, so a logged or
 * copied settings object never carries the secret; only code that names the property reads it.
 *
 * @example const sasl = withSecret({ mechanism: 'scram-sha-512', username: 'app' }, 'password', 'hunter2');
 */
export function withSecret<T extends object, K extends string>(target: T, key: K, value: string): T & { readonly [P in K]: string } {
  Object.defineProperty(target, key, { value, enumerable: false, writable: false, configurable: false });
  return target as T & { readonly [P in K]: string };
}
