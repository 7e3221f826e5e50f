/**
 * Offline Kubernetes validation for the manifests: kubernetes-models (v4, Node 20) carries the
 * Kubernetes OpenAPI schemas as compiled validators, so nothing is fetched at test time.
 *
 * Those validators check types, enums and required fields but accept unknown fields, as a non-strict
 * `kubectl apply` would, so a misspelt key (`readinesProbe:`) would pass and silently do nothing. The
 * `unknownFields` walk adds what `kubectl apply --validate=strict` does: every key must be a field of
 * its object's type, read from the same package's type declarations (one interface per object type).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';

const requireHere = createRequire(__filename);

interface Kind {
  module: string;
  validate(doc: unknown): void;
}

const KINDS: Record<string, Kind> = {
  'v1/ConfigMap': { module: 'kubernetes-models/v1/ConfigMap', validate: (d) => new ConfigMap(d as never).validate() },
  'v1/Secret': { module: 'kubernetes-models/v1/Secret', validate: (d) => new Secret(d as never).validate() },
  'v1/Service': { module: 'kubernetes-models/v1/Service', validate: (d) => new Service(d as never).validate() },
  'apps/v1/Deployment': {
    module: 'kubernetes-models/apps/v1/Deployment',
    validate: (d) => new Deployment(d as never).validate(),
  },
  'networking.k8s.io/v1/NetworkPolicy': {
    module: 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy',
    validate: (d) => new NetworkPolicy(d as never).validate(),
  },
  'policy/v1/PodDisruptionBudget': {
    module: 'kubernetes-models/policy/v1/PodDisruptionBudget',
    validate: (d) => new PodDisruptionBudget(d as never).validate(),
  },
};

export const SUPPORTED_KINDS = Object.keys(KINDS);

interface InterfaceInfo {
  /** Field name → its type text (`string`, `Array<IFoo>`, `map:IFoo` for `{ [key: string]: IFoo }`). */
  fields: Map<string, string>;
  /** Imported type name → the declaration file it comes from. */
  imports: Map<string, string>;
}

const interfaces = new Map<string, InterfaceInfo>();

function declarationFile(specifier: string, fromFile: string): string {
  return createRequire(fromFile).resolve(specifier).replace(/\.js$/, '.d.ts');
}

function readInterface(file: string): InterfaceInfo {
  const cached = interfaces.get(file);
  if (cached) return cached;
  const text = readFileSync(file, 'utf8');
  const imports = new Map<string, string>();
  for (const m of text.matchAll(/import \{ ([^}]+) \} from "([^"]+)";/g)) {
    for (const name of m[1]!.split(',').map((n) => n.trim())) {
      if (!m[2]!.startsWith('@kubernetes-models/base')) imports.set(name, declarationFile(m[2]!, file));
    }
  }
  const fields = new Map<string, string>();
  const start = text.search(/export interface \w+[^{]*\{\n/);
  if (start >= 0) {
    const lines = text.slice(start).split('\n');
    for (let i = 1; i < lines.length && lines[i] !== '}'; i++) {
      const field = /^ {4}"([^"]+)"\??: (.*?);?$/.exec(lines[i]!);
      if (!field) continue;
      let type = field[2]!;
      if (type === '{') type = `map:${/\[key: string\]: (.*?);/.exec(lines[i + 1] ?? '')?.[1] ?? 'unknown'}`;
      fields.set(field[1]!, type);
    }
  }
  const info = { fields, imports };
  interfaces.set(file, info);
  return info;
}

/** Paths (`spec.template.spec.containers[0].readinesProbe`) of keys that are no field of their type. */
export function unknownFields(value: unknown, file: string, path = ''): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  const info = readInterface(file);
  if (info.fields.size === 0) return []; // a type alias (IntOrString, Quantity, Time): no fields to check
  const found: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    const childPath = path ? `${path}.${key}` : key;
    const type = info.fields.get(key);
    if (type === undefined) {
      found.push(childPath);
      continue;
    }
    found.push(...walkType(child, type, info, childPath));
  }
  return found;
}

function walkType(value: unknown, type: string, owner: InterfaceInfo, path: string): string[] {
  const array = /^Array<(.+)>$/.exec(type);
  if (array)
    return Array.isArray(value) ? value.flatMap((item, i) => walkType(item, array[1]!, owner, `${path}[${i}]`)) : [];
  if (type.startsWith('map:')) {
    if (value === null || typeof value !== 'object') return [];
    return Object.entries(value).flatMap(([k, v]) => walkType(v, type.slice(4), owner, `${path}.${k}`));
  }
  const file = owner.imports.get(type);
  return file ? unknownFields(value, file, path) : [];
}

/** Schema errors and unknown fields of one manifest document; empty when it is valid. */
export function validateManifest(doc: { apiVersion?: unknown; kind?: unknown }): string[] {
  const key = `${String(doc.apiVersion)}/${String(doc.kind)}`;
  const kind = KINDS[key];
  if (!kind) return [`${key}: not a kind these tests know (add it to KINDS in k8s-schema.ts)`];
  const errors: string[] = [];
  try {
    kind.validate(doc);
  } catch (error) {
    errors.push(`${key}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const file = requireHere.resolve(kind.module).replace(/\.js$/, '.d.ts');
  errors.push(...unknownFields(doc, file).map((p) => `${key}: unknown field ${p}`));
  return errors;
}
