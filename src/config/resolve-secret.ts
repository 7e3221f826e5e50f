/**
 * Client secrets come from an environment variable or a file, never from the config file itself.
 * Resolution problems are reported as ConfigIssues; no message contains a secret value.
 */
import { isAbsolute, resolve } from 'node:path';
import { Secret } from './secret';
import { formatPath, type ConfigIssue, type PathSegment } from './issues';
import { CredentialsSchema } from './schema';
import { isInlineSecretKey } from './zod-issues';
import { describeReadError, readSmallRegularFile } from './read-file';

export { describeReadError };

/** A client secret is a few dozen characters; anything much larger is the wrong file. */
const MAX_SECRET_FILE_BYTES = 16 * 1024;

/** Env var names are echoed only when they look like one, in case someone put the secret itself there. */
const CONVENTIONAL_ENV_NAME = /^[A-Z][A-Z0-9_]{0,63}$/;

export interface SecretSources {
  env: NodeJS.ProcessEnv;
  /** Directory that relative `clientSecretFile` paths are resolved against (the config file's). */
  baseDir: string;
}

/**
 * Resolves the secret of one credentials block (`diagnostic`, `fixer`, `probe`), reading only the fields
 * that are themselves valid, so a bad clientId does not hide a missing environment variable.
 */
export function resolveClientSecret(
  credentials: Record<string, unknown>,
  path: readonly PathSegment[],
  sources: SecretSources,
  issues: ConfigIssue[],
): Secret | undefined {
  const envName = CredentialsSchema.shape.clientSecretEnv.safeParse(credentials.clientSecretEnv);
  const file = CredentialsSchema.shape.clientSecretFile.safeParse(credentials.clientSecretFile);
  const hasEnv = credentials.clientSecretEnv !== undefined;
  const hasFile = credentials.clientSecretFile !== undefined;

  if (hasEnv && hasFile) {
    issues.push({
      path: formatPath(path),
      message: 'give clientSecretEnv or clientSecretFile, not both',
    });
    return undefined;
  }
  if (!hasEnv && !hasFile) {
    // An inline secret is already reported with instructions; a second "missing" issue would only add noise.
    if (Object.keys(credentials).some(isInlineSecretKey)) return undefined;
    issues.push({
      path: formatPath(path),
      message:
        'needs clientSecretEnv (name of an environment variable holding the secret) or clientSecretFile (path of a file holding it)',
    });
    return undefined;
  }
  if (hasEnv) {
    if (!envName.success || envName.data === undefined) return undefined; // reported by the schema
    return secretFromEnv(envName.data, [...path, 'clientSecretEnv'], sources.env, issues);
  }
  if (!file.success || file.data === undefined) return undefined; // reported by the schema
  return secretFromFile(file.data, [...path, 'clientSecretFile'], sources.baseDir, issues);
}

function secretFromEnv(
  name: string,
  path: PathSegment[],
  env: NodeJS.ProcessEnv,
  issues: ConfigIssue[],
): Secret | undefined {
  const shown = CONVENTIONAL_ENV_NAME.test(name)
    ? `environment variable ${name}`
    : 'the environment variable named here';
  const value = env[name];
  if (value === undefined) {
    issues.push({
      path: formatPath(path),
      message: `${shown} is not set`,
      hint: 'export it before starting sr-check, or use clientSecretFile',
    });
    return undefined;
  }
  const trimmed = value.trim();
  if (trimmed === '') {
    issues.push({ path: formatPath(path), message: `${shown} is empty` });
    return undefined;
  }
  return new Secret(trimmed);
}

function secretFromFile(file: string, path: PathSegment[], baseDir: string, issues: ConfigIssue[]): Secret | undefined {
  const fullPath = isAbsolute(file) ? file : resolve(baseDir, file);
  // Only a regular file, size checked before reading: /dev/zero or a FIFO here used to hang start-up.
  const read = readSmallRegularFile(fullPath, MAX_SECRET_FILE_BYTES);
  if (!read.ok) {
    const why = read.problem.startsWith('is larger')
      ? `${read.problem}; it should hold only the client secret`
      : read.problem;
    issues.push({ path: formatPath(path), message: `secret file ${fullPath} ${why}` });
    return undefined;
  }
  const trimmed = read.text.trim();
  if (trimmed === '') {
    issues.push({ path: formatPath(path), message: `secret file ${fullPath} is empty` });
    return undefined;
  }
  return new Secret(trimmed);
}
