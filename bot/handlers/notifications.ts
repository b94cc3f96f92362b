import { noticeCard } from '../../cards/index.js';
import { PREFERENCE_KINDS } from '../../src/notify/kinds.js';
import { actorOf, sendCard, tenantOf } from '../context.js';
import type { MessageHandler } from '../deps.js';

const MUTE = /^\s*(mute|unmute)\s+(\S+)\s*$/i;

/**
 * `notifications` lists what a person can be told and what they muted; `mute <kind>` and
 * `unmute <kind>` change it for them alone, within what the admin requires.
 */
export const notificationsCommand: MessageHandler = async (context, deps) => {
  const tenantId = tenantOf(context);
  const me = actorOf(context);
  const change = MUTE.exec(context.activity.text ?? '');
  if (change) {
    const muted = change[1].toLowerCase() === 'mute';
    await deps.preferences.setMuted(tenantId, me.id, change[2], muted);
    deps.log.info(
      { tenantId, userId: me.id, kind: change[2], muted },
      'notification preference set',
    );
  }
  const muted = await deps.preferences.muted(tenantId, me.id);
  const required = await deps.preferences.required(tenantId);
  const lines = PREFERENCE_KINDS.map((kind) => {
    const state = required.includes(kind)
      ? 'always (required)'
      : muted.includes(kind)
        ? 'muted'
        : 'on';
    return `${kind}: ${state}`;
  });
  const hint = 'Type "mute <kind>" or "unmute <kind>" to change one.';
  const text = `${lines.join('\n\n')}\n\n${hint}`;
  await sendCard(context, noticeCard('Your notifications', text));
};
