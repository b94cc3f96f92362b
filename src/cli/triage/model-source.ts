import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { HelpdeskError } from '../../errors.js';
import {
  deserializeModel,
  loadTenantModel,
  type CategoryModel,
  type LinearCategoryModel,
  serializeModel,
} from '../../triage/index.js';
import { withStore } from '../store.js';

/** Where `helpdesk triage train` writes a model when told no other place (git ignores data/). */
export const DEFAULT_MODEL_FILE = path.join('data', 'triage-model.json');

/** Reads a model saved by `helpdesk triage train --out`. */
export async function readModelFile(file: string): Promise<LinearCategoryModel> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new HelpdeskError(
      'not_found',
      `No model file at ${file}; train one with \`helpdesk triage train\`.`,
      { cause: error },
    );
  }
  return deserializeModel(parseJson(text, file));
}

/** Writes a model as JSON, creating the folder. */
export async function writeModelFile(file: string, model: LinearCategoryModel): Promise<void> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await writeFile(file, JSON.stringify(serializeModel(model)));
}

/** The model named by `--model FILE` or `--tenant ID`, if either was given. */
export async function chosenModel(
  options: { readonly model?: string; readonly tenant?: string },
  env: NodeJS.ProcessEnv,
): Promise<CategoryModel | undefined> {
  if (options.model && options.tenant) {
    throw new HelpdeskError('bad_request', 'Give either --model or --tenant, not both.');
  }
  if (options.model) return readModelFile(options.model);
  if (!options.tenant) return undefined;
  const tenant = options.tenant;
  const model = await withStore(env, (store) => loadTenantModel(store, tenant));
  if (!model) {
    throw new HelpdeskError(
      'not_found',
      `Tenant ${tenant} has no trained model; run \`helpdesk triage retrain --tenant ${tenant}\`.`,
    );
  }
  return model;
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HelpdeskError('bad_request', `The model file ${file} is not JSON.`, { cause: error });
  }
}
