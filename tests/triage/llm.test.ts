import assert from 'node:assert/strict';
import { OpenAIModel, TestModel, type PromptCompletionModel } from '@microsoft/teams-ai';
import { TestAdapter, TurnContext } from 'botbuilder';
import { triage } from '../../src/triage/index.js';
import { languageModelFrom, triageWithLanguageModel } from '../../src/triage/llm.js';

const context = new TurnContext(new TestAdapter(), { type: 'message', text: 'report' });

function ask(text: string, languageModel: PromptCompletionModel, timeoutMs?: number) {
  return triageWithLanguageModel(text, { languageModel, context, timeoutMs });
}

function answering(reply: object | string): TestModel {
  return TestModel.returnContent(typeof reply === 'string' ? reply : JSON.stringify(reply));
}

describe('triage with a language model (optional)', () => {
  it('is off unless a key is configured', () => {
    assert.equal(languageModelFrom(undefined), undefined);
    const model = languageModelFrom({ kind: 'openai', apiKey: 'test-key', model: 'gpt-4o-mini' });
    assert.ok(model instanceof OpenAIModel);
  });

  it("takes the model's category and one-step priority change, with its reason", async () => {
    const reply = { priority: 'P3', category: 'software', reason: 'kronos is the time clock app' };
    const result = await ask('kronos is playing up again', answering(reply));
    assert.deepEqual([result.priority, result.category], ['P3', 'software']);
    assert.ok(result.reasons.includes('language model: kronos is the time clock app'));
  });

  it('never lowers a P1 or moves a safety case out of security', async () => {
    const reply = { priority: 'P4', category: 'hardware', reason: 'just a note on the screen' };
    const result = await ask('ransom note on my screen, files encrypted', answering(reply));
    assert.deepEqual([result.priority, result.category, result.tier], ['P1', 'security', 'L3']);
    assert.ok(result.reasons.includes("guard: kept P1 over the language model's P4"));
  });

  it('moves priority one step at most, so shouting at the model does not page anyone', async () => {
    const reply = { priority: 'P1', category: 'hardware', reason: 'user says urgent' };
    const result = await ask('URGENT!!! my mouse is slow', answering(reply));
    assert.equal(triage('URGENT!!! my mouse is slow').priority, 'P4');
    assert.equal(result.priority, 'P3');
  });

  it('falls back to the rules when the model fails, babbles or is slow', async () => {
    const rules = triage('printer jammed');
    const failures: readonly [PromptCompletionModel, RegExp][] = [
      [TestModel.returnError(new Error('boom')), /status error/],
      [answering('I think it is a printer problem'), /held no JSON/],
      [answering('{"priority": "P9", "category": "printing"}'), /expected shape/],
      [answering('{priority: P2}'), /not valid JSON/],
      [TestModel.returnContent('{"priority":"P1","category":"printing"}', 500), /in time/],
    ];
    for (const [model, why] of failures) {
      const result = await ask('printer jammed', model, 50);
      assert.deepEqual(
        [result.priority, result.category, result.tier],
        [rules.priority, rules.category, rules.tier],
      );
      assert.match(result.reasons.at(-1)!, why);
    }
  });
});
