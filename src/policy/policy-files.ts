import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  checkParsePolicySet,
  checkParseSchema,
  policySetTextToParts,
  policyToJson,
} from '@cedar-policy/cedar-wasm/nodejs';
import { AppError } from '../errors/index.ts';
import { describeCedarErrors } from './cedar-errors.ts';

/** The static half of the egress policy: hand-written forbids that hold whatever a skill says. */
export interface EgressPolicyFiles {
  directory: string;
  /** Policy id (its `@id` annotation) -> Cedar text. */
  policies: Readonly<Record<string, string>>;
  /** Policy id -> the file it came from (for error messages). */
  sources: Readonly<Record<string, string>>;
  /** The Cedar schema every policy, static or generated, is validated against. */
  schema: string;
}

export interface LoadEgressPolicyFilesOptions {
  /** Directory with `*.cedar` files and `egress.cedarschema`; default: the repository's `policies/`. */
  policyDir?: string;
}

export const schemaFileName = 'egress.cedarschema';
/** Ids under this prefix belong to the policies generated from a skill's tools. */
export const generatedIdPrefix = 'skill:';

export function defaultPolicyDir(): string {
  return fileURLToPath(new URL('../../policies/', import.meta.url));
}

/** Construction stops on any problem with the files: running with part of the policy is never safe. */
function policyError(file: string, problem: string, options: { errors?: string[]; cause?: unknown } = {}) {
  return new AppError('internal', `Egress policy file ${file}: ${problem}`, {
    details: { file, ...(options.errors ? { errors: options.errors } : {}) },
    cause: options.cause,
  });
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw policyError(file, 'cannot be read.', { cause: error });
  }
}

/** Splits one `.cedar` file into policies keyed by their `@id`, which every static policy must carry. */
function policiesOfFile(file: string, text: string): Array<[string, string]> {
  const parsed = checkParsePolicySet({ staticPolicies: text });
  if (parsed.type === 'failure') {
    const errors = describeCedarErrors(parsed.errors, text);
    throw policyError(file, `does not parse: ${errors.join('; ')}`, { errors });
  }
  const parts = policySetTextToParts(text);
  if (parts.type === 'failure') throw policyError(file, describeCedarErrors(parts.errors).join('; '));
  return parts.policies.map((policy, index) => {
    const json = policyToJson(policy);
    const id = json.type === 'success' ? json.json.annotations?.id : undefined;
    if (!id) throw policyError(file, `policy ${index + 1} has no @id("...") annotation.`);
    if (id.startsWith(generatedIdPrefix)) {
      throw policyError(file, `policy id "${id}" uses the prefix reserved for generated policies.`);
    }
    return [id, policy];
  });
}

/**
 * Reads and parses the static policy files and the schema. Done once per process (or per change of
 * the files): a skill switch reuses the result.
 */
export function loadEgressPolicyFiles(options: LoadEgressPolicyFilesOptions = {}): EgressPolicyFiles {
  const directory = options.policyDir ?? defaultPolicyDir();
  let names: string[];
  try {
    names = fs.readdirSync(directory).sort();
  } catch (error) {
    throw policyError(directory, 'the policy directory cannot be read.', { cause: error });
  }
  const schemaFile = path.join(directory, schemaFileName);
  if (!names.includes(schemaFileName)) throw policyError(schemaFile, 'is missing.');
  const schema = readText(schemaFile);
  const schemaCheck = checkParseSchema(schema);
  if (schemaCheck.type === 'failure') {
    throw policyError(
      schemaFile,
      `does not parse: ${describeCedarErrors(schemaCheck.errors, schema).join('; ')}`,
    );
  }
  const cedarFiles = names.filter((name) => name.endsWith('.cedar'));
  if (cedarFiles.length === 0) throw policyError(directory, 'contains no .cedar policy files.');
  const policies: Record<string, string> = {};
  const sources: Record<string, string> = {};
  for (const name of cedarFiles) {
    const file = path.join(directory, name);
    for (const [id, text] of policiesOfFile(file, readText(file))) {
      if (sources[id] !== undefined)
        throw policyError(file, `policy id "${id}" is also used in ${sources[id]}.`);
      policies[id] = text;
      sources[id] = file;
    }
  }
  return { directory, policies, sources, schema };
}
