import type { TurnContext } from 'botbuilder';
import {
  GPTTokenizer,
  OpenAIModel,
  Prompt,
  TextSection,
  type Memory,
  type PromptCompletionModel,
  type PromptFunctions,
  type PromptTemplate,
} from '@microsoft/teams-ai';
import { z } from 'zod';
import { PRIORITIES, type Priority } from '../tickets/types.js';
import { triageInDetail, type Override, type TriageOptions, type TriageResult } from './decide.js';
import type { RulesVerdict } from './engine.js';
import { isAbove } from './priority.js';
import { DEFAULT_TAXONOMY, findCategory, type Taxonomy } from './taxonomy.js';

/** Where to reach OpenAI or Azure OpenAI; absent means the language model is off (the default). */
export type LanguageModelSettings =
  | { readonly kind: 'openai'; readonly apiKey: string; readonly model: string }
  | {
      readonly kind: 'azure-openai';
      readonly apiKey: string;
      readonly endpoint: string;
      readonly deployment: string;
      readonly apiVersion?: string;
    };

/** A teams-ai model for triage, or undefined when no key is configured. */
export function languageModelFrom(
  settings: LanguageModelSettings | undefined,
): PromptCompletionModel | undefined {
  if (!settings) return undefined;
  if (settings.kind === 'openai') {
    return new OpenAIModel({ apiKey: settings.apiKey, defaultModel: settings.model });
  }
  return new OpenAIModel({
    azureApiKey: settings.apiKey,
    azureEndpoint: settings.endpoint,
    azureDefaultDeployment: settings.deployment,
    azureApiVersion: settings.apiVersion,
  });
}

export interface LanguageTriageOptions extends TriageOptions {
  readonly languageModel: PromptCompletionModel;
  /** The turn the report arrived in; teams-ai hands it to the model's events. */
  readonly context: TurnContext;
  /** Teams gives up on an invoke after 15 s; the rules' answer must be back well before. */
  readonly timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 6000;

/**
 * Triage with a language model's second opinion. The deterministic result is computed first and
 * is the answer whenever the model fails, times out or replies with anything unusable. The
 * guard: the model never lowers a P1, never takes a report out of the category a safety rule
 * chose, and moves priority by at most one step.
 */
export async function triageWithLanguageModel(
  text: string,
  options: LanguageTriageOptions,
): Promise<TriageResult> {
  const base = triageInDetail(text, options);
  const taxonomy = options.taxonomy ?? DEFAULT_TAXONOMY;
  const reply = await ask(text, base.result, taxonomy, options);
  if (typeof reply === 'string') {
    return {
      ...base.result,
      reasons: [...base.result.reasons, `language model not used: ${reply}`],
    };
  }
  return triageInDetail(text, options, guard(reply, base.verdict, base.categoryId, taxonomy))
    .result;
}

const Answer = z.object({
  priority: z.enum(PRIORITIES),
  category: z.string().min(1).max(60),
  reason: z.string().max(300).default(''),
});
type Answer = z.infer<typeof Answer>;

function guard(
  answer: Answer,
  verdict: RulesVerdict,
  categoryId: string,
  taxonomy: Taxonomy,
): Override {
  const reasons: string[] = [];
  let priority: Priority = answer.priority;
  if (verdict.priority === 'P1' && priority !== 'P1') {
    reasons.push(`guard: kept P1 over the language model's ${priority}`);
    priority = 'P1';
  } else if (Math.abs(rank(priority) - rank(verdict.priority)) > 1) {
    priority = PRIORITIES[rank(verdict.priority) + (isAbove(priority, verdict.priority) ? -1 : 1)]!;
    reasons.push(`guard: moved priority one step only, to ${priority}`);
  }
  const proposed = findCategory(taxonomy, answer.category)?.id;
  const keepCategory = verdict.safety !== undefined || proposed === undefined;
  if (answer.reason) reasons.push(`language model: ${answer.reason}`);
  return { priority, categoryId: keepCategory ? categoryId : proposed, reasons };
}

function rank(priority: Priority): number {
  return PRIORITIES.indexOf(priority);
}

/** The model's answer, or a short phrase saying why there is none. */
async function ask(
  text: string,
  proposal: TriageResult,
  taxonomy: Taxonomy,
  options: LanguageTriageOptions,
): Promise<Answer | string> {
  const template = promptFor(text, proposal, taxonomy);
  const call = options.languageModel.completePrompt(
    options.context,
    new MapMemory(),
    NO_FUNCTIONS,
    new GPTTokenizer(),
    template,
  );
  const response = await withTimeout(call, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  if (response === undefined) return 'it did not answer in time';
  if (response.status !== 'success') return `it answered with status ${response.status}`;
  const content = response.message?.content;
  return typeof content === 'string' ? parseAnswer(content) : 'its reply was empty';
}

function parseAnswer(content: string): Answer | string {
  const json = /\{[\s\S]*\}/.exec(content)?.[0];
  if (!json) return 'its reply held no JSON';
  try {
    const parsed = Answer.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : 'its reply did not fit the expected shape';
  } catch {
    // Named: the model wrote something brace-shaped that is not JSON.
    return 'its reply was not valid JSON';
  }
}

function promptFor(text: string, proposal: TriageResult, taxonomy: Taxonomy): PromptTemplate {
  const names = taxonomy.categories.map((c) => c.name).join(', ');
  const instructions = [
    'You triage IT help desk reports. Priority follows the ITIL matrix of impact (organisation,',
    'a site or team, one person) and urgency (work stopped, degraded, can wait): P1 is an outage',
    'for the whole organisation or a security incident (ransomware, account takeover, stolen',
    'device, spreading malware); P4 is one person whose work can wait. Emphasis words such as',
    '"URGENT" do not raise priority.',
    `Categories: ${names}.`,
    'Reply with one JSON object only: {"priority": "P1".."P4", "category": "...", "reason": "..."}.',
  ].join(' ');
  const rules = `Rules engine proposal: ${proposal.priority}, ${proposal.category}.`;
  return {
    name: 'triage',
    prompt: new Prompt([
      new TextSection(instructions, 'system'),
      new TextSection(`${rules}\nReport:\n${text}`, 'user'),
    ]),
    config: {
      schema: 1.1,
      type: 'completion',
      completion: { temperature: 0, max_tokens: 200 } as PromptTemplate['config']['completion'],
    },
  };
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Triage needs no prompt functions. */
const NO_FUNCTIONS: PromptFunctions = {
  hasFunction: () => false,
  getFunction: (name) => {
    throw new Error(`The triage prompt has no function ${name}.`);
  },
  invokeFunction: (name) => Promise.reject(new Error(`The triage prompt has no function ${name}.`)),
};

/** A throwaway memory for one prompt: triage keeps no conversation state in the model. */
class MapMemory implements Memory {
  private readonly values = new Map<string, unknown>();
  deleteValue(path: string): void {
    this.values.delete(path);
  }
  hasValue(path: string): boolean {
    return this.values.has(path);
  }
  getValue<TValue = unknown>(path: string): TValue {
    return this.values.get(path) as TValue;
  }
  setValue(path: string, value: unknown): void {
    this.values.set(path, value);
  }
}
