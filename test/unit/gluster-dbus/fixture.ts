import { readFileSync } from 'node:fs';

/** A captured `gluster --xml` output from ./fixtures (see fixtures/README.md). */
export function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
}

/** Path of a fixture, for fake `gluster` executables that `cat` it. */
export function fixturePath(name: string): string {
  return new URL(`./fixtures/${name}`, import.meta.url).pathname;
}
