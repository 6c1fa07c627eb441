import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { StackPrerequisiteError } from './errors/index.js';

const run = promisify(execFile);

/** Kafka 4.1 brokers and Apicurio 3.0 both need Java 17; Apicurio 3.1+ (not used) would need 21. */
export const MIN_JAVA_MAJOR = 17;

/** Returns the major version of `java`, or throws a one-line {@link StackPrerequisiteError}. */
export async function checkJava(java: string): Promise<number> {
  let output: string;
  try {
    const { stdout, stderr } = await run(java, ['-version']);
    output = stderr + stdout; // `java -version` writes to stderr
  } catch (error) {
    throw new StackPrerequisiteError('java', `no \`${java}\` on PATH; install a JDK ${MIN_JAVA_MAJOR}+ (e.g. apt-get install openjdk-17-jre-headless)`, error);
  }
  const major = parseJavaMajor(output);
  if (major === undefined) throw new StackPrerequisiteError('java', `cannot read the version of \`${java}\`: ${output.split('\n')[0] ?? ''}`);
  if (major < MIN_JAVA_MAJOR) {
    throw new StackPrerequisiteError('java', `java ${major} is too old; Kafka 4.1 and Apicurio 3.0 need Java ${MIN_JAVA_MAJOR}+`);
  }
  return major;
}

/** `version "1.8.0_392"` → 8, `version "17.0.15"` → 17, `version "21"` → 21. */
export function parseJavaMajor(versionOutput: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (match === null) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] !== undefined ? Number(match[2]) : first;
}

/** Throws unless `mvn` runs; only needed when the artifacts are not cached yet. */
export async function checkMaven(mvn: string): Promise<void> {
  try {
    await run(mvn, ['-v']);
  } catch (error) {
    throw new StackPrerequisiteError('mvn', `no \`${mvn}\` on PATH; it is needed once to fetch Kafka and Apicurio (e.g. apt-get install maven)`, error);
  }
}
